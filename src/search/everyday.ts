/**
 * Everyday words for work → the occupations postings name. A laborer at a kiosk types what
 * the work is (开车, 盖房子, 带孩子), not the occupation's title (驾驶员, 瓦工, 育婴师).
 *
 * Kept as data: add a line when a kiosk query finds nothing it should (the search log
 * shows them). Keys are simplified Chinese (traditional input is converted first); values
 * are occupation words the index holds (each value also expands through the synonym
 * groups of `vocabulary.ts`). Matches found through this list rank below postings that
 * contain the typed words themselves.
 */
export const everydayWords: Record<string, readonly string[]> = {
  // 开车 / 运输
  开车: ['司机', '驾驶员'],
  开大车: ['货车司机', '司机'],
  跑大车: ['货车司机'],
  开货车: ['货车司机'],
  开卡车: ['货车司机'],
  跑长途: ['货车司机'],
  货车: ['货车司机'],
  大车: ['货车司机'],
  开叉车: ['叉车司机'],
  叉车: ['叉车司机'],
  开出租: ['司机'],
  拉货: ['货车司机', '同城货运'],
  送外卖: ['外卖骑手'],
  送快递: ['快递员', '分拣员'],
  跑腿: ['配送员'],
  搬东西: ['装卸工', '搬运工'],
  卸货: ['装卸工'],
  // 建筑
  盖房子: ['建筑', '瓦工'],
  盖房: ['建筑', '瓦工'],
  工地: ['建筑', '小工'],
  砌墙: ['瓦工'],
  泥工: ['瓦工'],
  泥水匠: ['瓦工'],
  瓦匠: ['瓦工'],
  泥瓦匠: ['瓦工'],
  抹灰: ['抹灰工', '瓦工'],
  贴瓷砖: ['贴砖工', '泥瓦工'],
  贴砖: ['贴砖工', '泥瓦工'],
  木匠: ['木工'],
  绑钢筋: ['钢筋工'],
  刷墙: ['油漆工'],
  刷漆: ['油漆工'],
  搞装修: ['装修工'],
  装修: ['装修工'],
  焊接: ['焊工', '电焊工'],
  电焊: ['电焊工'],
  烧电焊: ['电焊工'],
  修电: ['电工'],
  接电线: ['电工'],
  // 家政 / 照护
  做饭: ['厨师', '帮厨'],
  烧菜: ['厨师'],
  炒菜: ['厨师'],
  做面食: ['面点师', '厨师'],
  带孩子: ['育婴师', '保姆'],
  看孩子: ['育婴师', '保姆'],
  带娃: ['育婴师', '保姆'],
  带小孩: ['育婴师', '保姆'],
  伺候月子: ['月嫂'],
  照顾产妇: ['月嫂'],
  看护老人: ['养老护理员'],
  照顾老人: ['养老护理员', '保姆'],
  伺候老人: ['养老护理员'],
  陪护: ['护工'],
  搞卫生: ['保洁'],
  打扫卫生: ['保洁'],
  扫地: ['保洁'],
  打扫: ['保洁'],
  做家务: ['家政服务员', '保姆'],
  // 工厂 / 其他
  进厂: ['普工'],
  打工: ['普工'],
  流水线: ['普工'],
  踩缝纫机: ['缝纫工'],
  做衣服: ['缝纫工'],
  绣花: ['刺绣工'],
  看大门: ['门卫', '保安'],
  看门: ['门卫', '保安'],
  种树: ['绿化工'],
  养猪: ['养殖工', '饲养员'],
  喂猪: ['饲养员'],
  摘棉花: ['采棉工'],
  捡棉花: ['采棉工'],
}

/** The phrases, for the segmenter: each stays one word in a query. */
export const everydayPhrases = Object.keys(everydayWords)
