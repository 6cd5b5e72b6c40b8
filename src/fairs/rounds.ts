import { assignOptimal, buildGraph, runToEnd, type FitContext, type GraphInput } from '../matching/index'

export interface Proposal {
  laborerId: number
  jobId: number
  score: number
}

/**
 * One matching round at a fair: the checked-in laborers who are free, over the fair's
 * postings with the openings no live match already claims, assigned by the same exact
 * optimum as an assignment run (score plus poverty priority).
 */
export function proposeRound(
  laborers: GraphInput['laborers'],
  jobs: GraphInput['jobs'],
  context: FitContext,
  seed: number,
): Proposal[] {
  const graph = runToEnd(buildGraph({ laborers, jobs, context, k: 50, seed }))
  const assignment = runToEnd(assignOptimal(graph))
  const proposals: Proposal[] = []
  for (let i = 0; i < graph.laborers; i++) {
    const e = assignment.edgeOf[i]
    if (e >= 0) proposals.push({ laborerId: laborers[i].id, jobId: jobs[graph.job[e]].id, score: graph.score[e] })
  }
  return proposals
}
