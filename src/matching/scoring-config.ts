import { Type, type Static } from 'typebox'

const Weight = Type.Integer({ minimum: 0, maximum: 100 })

/** What a city_admin may tune; every score and run records the version it used. */
export const ScoringSettings = Type.Object(
  {
    weights: Type.Object(
      {
        occupation: Weight,
        certificate: Weight,
        destination: Weight,
        wage: Weight,
        availability: Weight,
        brand: Weight,
        jobType: Weight,
      },
      { additionalProperties: false },
    ),
    /**
     * Points added to a laborer's score in assignment and candidate ranking
     * (优先吸纳脱贫劳动力): poverty-alleviated and monitored laborers come first.
     */
    priority: Type.Object(
      {
        poverty_alleviated: Type.Integer({ minimum: 0, maximum: 100 }),
        monitored: Type.Integer({ minimum: 0, maximum: 100 }),
        ordinary: Type.Integer({ minimum: 0, maximum: 100 }),
      },
      { additionalProperties: false },
    ),
    /** A laborer free this many days after the start date or later is not a candidate. */
    maxLateDays: Type.Integer({ minimum: 0, maximum: 365 }),
    /** Share of each posting's openings the stable run reserves for poverty/monitored laborers. */
    reserveShare: Type.Number({ minimum: 0, maximum: 1 }),
  },
  { additionalProperties: false },
)
export type ScoringSettings = Static<typeof ScoringSettings>

export interface ScoringConfig {
  /** 0 is the built-in default, used until a city_admin saves a version. */
  version: number
  settings: ScoringSettings
}

export const defaultSettings: ScoringSettings = {
  weights: { occupation: 35, certificate: 10, destination: 20, wage: 15, availability: 10, brand: 5, jobType: 5 },
  priority: { poverty_alleviated: 15, monitored: 15, ordinary: 0 },
  maxLateDays: 60,
  reserveShare: 0.3,
}

export const defaultConfig: ScoringConfig = { version: 0, settings: defaultSettings }
