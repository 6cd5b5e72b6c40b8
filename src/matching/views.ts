import { Type } from 'typebox'
import { matchStatuses } from './schema'

/** A match as the API shows it (matching's routes and the fair board's). */
export const MatchView = Type.Object({
  id: Type.Integer(),
  laborerId: Type.Integer(),
  laborerName: Type.String({ description: 'for an employer, the family name only (张*) until the laborer accepts' }),
  village: Type.String({ description: 'the laborer’s village' }),
  jobId: Type.Integer(),
  jobTitle: Type.String(),
  status: Type.Enum(matchStatuses),
  score: Type.Integer(),
  scoreVersion: Type.Integer(),
  origin: Type.String(),
  reason: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
})
