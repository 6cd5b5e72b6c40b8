import { setImmediate as tick } from 'node:timers/promises'
import type { Db } from '../db/database'
import type { JobType } from '../jobs/schema'
import type { EmploymentStatus, PovertyStatus } from '../laborers/schema'
import type { PartnerArea } from '../network/schema'
import {
  assignOptimal,
  assignStable,
  stabilityAudit,
  summarize,
  toUnassignedReason,
  unassignedReason,
  type Assignment,
  type CandidateGraph,
  type Steps,
} from './assignment'
import { buildGraph } from './candidates'
import type { FitContext } from './fit-score'
import * as q from './queries'
import type { RunMode } from './schema'
import { assignTogether, placesOf, togetherGroups, type TogetherResult } from './together'

export interface RunRequest {
  mode: RunMode
  laborers: { region?: string; statuses?: EmploymentStatus[]; poverty?: PovertyStatus[] }
  postings: { partnerAreas?: PartnerArea[]; types?: JobType[]; ids?: number[] }
  k?: number
  seed?: number
  reserveShare?: number
  /** Seat laborers of one village with the same destination wishes together (see `assignTogether`). */
  keepTogether?: boolean
}

/** Runs at most this many laborers answer in the request; bigger ones run in the background. */
export const SYNC_LIMIT = 2000
export const MAX_LABORERS = 700_000
export const MAX_POSTINGS = 200_000

export interface RunInput {
  runId: number
  request: RunRequest
  areaPrefix: string
  context: FitContext
  /** Checked between slices: a closing server stops the run instead of writing to a closed database. */
  cancelled: () => boolean
}

export interface SolvedRun {
  graph: CandidateGraph
  assignment: Assignment
  laborerIds: Int32Array
  jobIds: Int32Array
  report: Record<string, unknown>
}

/**
 * Everything between the selections and the results, pure and chunked: the graph, the
 * assignment, the audit and the report. `progress` is told the phase and how far it is.
 */
export function* solve(
  laborers: q.RunLaborer[],
  jobs: Parameters<typeof buildGraph>[0]['jobs'],
  request: RunRequest,
  context: FitContext,
  progress: (phase: string, fraction: number) => void,
): Generator<void, SolvedRun, void> {
  const k = request.k ?? 50
  const reserveShare = request.reserveShare ?? context.config.settings.reserveShare
  const started = performance.now()
  const graph: CandidateGraph = yield* relay(buildGraph({ laborers, jobs, context, k, seed: request.seed ?? 1 }), 'candidates', progress)
  const graphMs = performance.now() - started
  const assign = (g: CandidateGraph) => (request.mode === 'optimal' ? assignOptimal(g) : assignStable(g, reserveShare))
  let together: TogetherResult | null = null
  if (request.keepTogether) {
    const groups = togetherGroups(
      laborers.map((l) => l.villageCode),
      laborers.map((l) => l.destinationWishes),
      graph.tieBreak,
    )
    together = yield* relay(assignTogether(graph, groups, placesOf(jobs), assign), 'assigning', progress)
  }
  const assignment = together ? together.assignment : yield* relay(assign(graph), 'assigning', progress)
  const assignMs = performance.now() - started - graphMs
  progress('reporting', 0)
  const blocking = request.mode === 'stable' ? stabilityAudit(graph, assignment, reserveShare) : null
  const laborerIds = Int32Array.from(laborers, (l) => l.id)
  const jobIds = Int32Array.from(jobs, (j) => j.id)
  const summary = summarize(graph, assignment, reserveShare)
  const unassignedKinds = { no_candidate: 0, outranked: 0, posting_full: 0 }
  const holders = holdersByPosting(graph, assignment)
  for (let i = 0; i < graph.laborers; i++) {
    if (assignment.edgeOf[i] < 0) unassignedKinds[unassignedReason(graph, assignment, (j) => holders[j], i).kind]++
  }
  const report = {
    explanation: runExplanation(request.mode, k, reserveShare, context, together),
    laborers: graph.laborers,
    postings: graph.postings,
    openings: graph.capacity.reduce((a, b) => a + b, 0),
    edges: graph.job.length,
    k,
    reserveShare,
    ...summary,
    unassignedReasons: unassignedKinds,
    stability:
      blocking === null
        ? null
        : {
            blockingPairs: blocking.length,
            examples: blocking.slice(0, 10).map((b) => ({ laborerId: laborerIds[b.laborer], jobId: jobIds[b.posting] })),
          },
    together: together && { groups: together.groups, kept: together.kept, split: together.split, laborers: together.laborersInGroups },
    timings: { candidatesMs: Math.round(graphMs), assignMs: Math.round(assignMs) },
  }
  return { graph, assignment, laborerIds, jobIds, report }
}

/**
 * The run's rules in Chinese, for the people who read its report: what was maximized or
 * how seats were chosen, and that no one was assigned outside their destination wish.
 */
export function runExplanation(mode: RunMode, k: number, reserveShare: number, context: FitContext, together: TogetherResult | null): string {
  const { priority } = context.config.settings
  const lines = [
    `每人只在其符合条件的岗位中分配（技能、证书、到岗时间等硬性条件均满足；填了去向意愿的，只分配到意愿去向内的岗位，不跨意愿分配），每人最多看${k}个候选岗位`,
    mode === 'optimal'
      ? `最优分配：使全部已分配人员的“匹配分＋优先分”之和最大（脱贫户＋${priority.poverty_alleviated}，防返贫监测对象＋${priority.monitored}，一般农户＋${priority.ordinary}），每个岗位不超过剩余名额`
      : `稳定分配：劳动者按匹配分从高到低申请岗位，岗位按匹配分择优录取（同分按本次随机顺序）；每个岗位按剩余名额的${Math.round(reserveShare * 100)}%（四舍五入）为脱贫户和防返贫监测对象预留名额，预留名额无人申请时向所有人开放；结果中没有“双方都更愿意”的未成对组合`,
  ]
  if (together) lines.push(`同村同意愿的人员（每组最多10人）尽量整组分到同一地点：${together.kept}组整组安排，${together.split}组未能整组、逐人分配`)
  return `${lines.join('。')}。`
}

function* relay<T>(steps: Steps<T>, phase: string, progress: (phase: string, fraction: number) => void): Generator<void, T, void> {
  progress(phase, 0)
  for (;;) {
    const next = steps.next()
    if (next.done) return next.value
    progress(phase, next.value)
    yield
  }
}

export function holdersByPosting(graph: CandidateGraph, assignment: Assignment): number[][] {
  const holders: number[][] = Array.from({ length: graph.postings }, () => [])
  for (let i = 0; i < graph.laborers; i++) {
    const e = assignment.edgeOf[i]
    if (e >= 0) holders[graph.job[e]].push(i)
  }
  return holders
}

export function resultRows(solved: SolvedRun): q.RunResultRow[] {
  const { graph, assignment, laborerIds, jobIds } = solved
  const holders = holdersByPosting(graph, assignment)
  const rows: q.RunResultRow[] = []
  for (let i = 0; i < graph.laborers; i++) {
    const e = assignment.edgeOf[i]
    rows.push(
      e >= 0
        ? { laborerId: laborerIds[i], jobId: jobIds[graph.job[e]], score: graph.score[e], priority: graph.priority[i], reason: null }
        : {
            laborerId: laborerIds[i],
            jobId: null,
            score: null,
            priority: graph.priority[i],
            reason: toUnassignedReason(unassignedReason(graph, assignment, (j) => holders[j], i), jobIds, laborerIds),
          },
    )
  }
  return rows
}

/** Whether a process of this machine is still there (a signal 0 probes without sending). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Loads the selections, solves in slices (yielding to the event loop between them so
 * the server keeps answering), and stores the results. Failures are recorded on the run.
 */
export async function executeRun(db: Db, input: RunInput): Promise<void> {
  try {
    const { request } = input
    const laborers = q.runLaborers(db, {
      areaPrefix: request.laborers.region ?? input.areaPrefix,
      statuses: request.laborers.statuses ?? ['unemployed'],
      poverty: request.laborers.poverty,
      limit: MAX_LABORERS,
    })
    const jobs = q.runJobs(db, { ...request.postings, limit: MAX_POSTINGS })
    let lastWrite = 0
    const steps = solve(laborers, jobs, request, input.context, (phase, fraction) => {
      const now = performance.now()
      if (now - lastWrite < 200 && fraction !== 0) return
      lastWrite = now
      if (!input.cancelled()) q.setRunProgress(db, input.runId, phase, Math.round(fraction * 1000) / 1000)
    })
    let sliceStart = performance.now()
    for (;;) {
      const next = steps.next()
      if (next.done) {
        if (input.cancelled()) return
        q.finishRun(db, input.runId, next.value.report, resultRows(next.value))
        return
      }
      if (performance.now() - sliceStart > 50) {
        await tick()
        if (input.cancelled()) return
        sliceStart = performance.now()
      }
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    // Recording the failure is a write too, and fails the same way on a full disk: retry
    // until it is stored or the server closes (the next start fails the run then). Never
    // rejects, since a rejection nobody awaits would stop the server.
    for (let wait = 500; !input.cancelled(); wait = Math.min(wait * 2, 30_000)) {
      try {
        q.failRun(db, input.runId, reason)
        return
      } catch {
        await new Promise((resolve) => setTimeout(resolve, wait).unref())
      }
    }
  }
}
