import { inArea, type Caller } from '../auth/caller'
import type { Db } from '../db/database'
import { WelfarePostNotFoundError } from '../errors'
import { getPost } from './queries'
import type { WelfarePost } from './schema'

/** An area role sees the posts of its area (a village agent, its village's and its township's own). */
export function postVisible(caller: Caller, cityCode: string, post: Pick<WelfarePost, 'regionCode'>): boolean {
  if (caller.role === 'village_agent') return inArea(caller, cityCode, post.regionCode) || (caller.scope ?? '').startsWith(post.regionCode)
  return inArea(caller, cityCode, post.regionCode)
}

/** The post if the caller may see it; otherwise the same 404 as for a post that does not exist. */
export function welfarePostInScope(db: Db, caller: Caller, cityCode: string, id: number): WelfarePost {
  const post = getPost(db, id)
  if (!post || !postVisible(caller, cityCode, post)) throw new WelfarePostNotFoundError(id)
  return post
}
