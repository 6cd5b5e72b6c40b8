import { and, asc, desc, eq, exists, inArray, like, or } from 'drizzle-orm'
import type { Db } from '../db/database'
import type { Employer } from '../employers/schema'
import { jobs } from '../jobs/schema'
import { laborers, type Laborer } from '../laborers/schema'
import { placements } from '../placements/schema'
import type {
  CourseFact,
  EmployerFacts,
  IncubationBaseFacts,
  IntermediaryFacts,
  LaborerFacts,
  LoanFact,
  PlacementFact,
  ProviderFacts,
} from './facts'
import type { GrantRecord } from './evaluate'
import {
  incubationBases,
  individualBusinesses,
  intermediaries,
  keyCounties,
  loans,
  subsidyBatches,
  subsidyGrants,
  trainingCourses,
  trainingEnrollments,
  trainingProviders,
  type IncubationBase,
  type IndividualBusiness,
  type Intermediary,
  type Loan,
  type SubsidyBatch,
  type SubsidyGrant,
  type TrainingCourse,
  type TrainingEnrollment,
  type TrainingProvider,
} from './schema'
import { transaction } from '../db/transaction'
import { selfFoundJobs } from '../employments/index'
import { employedAfterTraining } from './training'

type Row<T> = Omit<T, 'id' | 'createdAt' | 'updatedAt'>

// ---- facts the rules read -------------------------------------------------------------

const placementColumns = {
  placementId: placements.id,
  laborerId: placements.laborerId,
  poverty: laborers.povertyStatus,
  employerId: placements.employerId,
  intermediaryId: placements.intermediaryId,
  homeCountyCode: placements.homeCountyCode,
  destinationCountyCode: jobs.countyCode,
  startDate: placements.startDate,
  endDate: placements.endDate,
  contractMonths: placements.contractMonths,
  organized: placements.organized,
  travel: placements.travel,
}

function placementFacts(db: Db, where: ReturnType<typeof eq>): PlacementFact[] {
  return db
    .select(placementColumns)
    .from(placements)
    .innerJoin(laborers, eq(laborers.id, placements.laborerId))
    .innerJoin(jobs, eq(jobs.id, placements.jobId))
    .where(where)
    .orderBy(asc(placements.startDate), asc(placements.id))
    .all()
}

function loanFacts(db: Db, borrowerKind: 'laborer' | 'employer', borrowerId: number): LoanFact[] {
  return db
    .select({
      loanId: loans.id,
      kind: loans.kind,
      principal: loans.principal,
      rateBasisPoints: loans.rateBasisPoints,
      termMonths: loans.termMonths,
      issuedOn: loans.issuedOn,
    })
    .from(loans)
    .where(and(eq(loans.borrowerKind, borrowerKind), eq(loans.borrowerId, borrowerId)))
    .orderBy(asc(loans.id))
    .all()
}

function courseFact(course: TrainingCourse) {
  return {
    courseId: course.id,
    providerId: course.providerId,
    evaluatorId: course.evaluatorId,
    occupation: course.occupation,
    days: course.days,
    startDate: course.startDate,
    endDate: course.endDate,
    skillsProgram: course.skillsProgram,
    centralized: course.centralized,
  }
}

/**
 * "Employed after training", as the provider's 80% rule reads it: the enrollment's own flag,
 * or work found from the course's first day to 90 days after its last (`./training`).
 */
function enrollmentFact(e: TrainingEnrollment, poverty: Laborer['povertyStatus'], employedLater = false) {
  return {
    enrollmentId: e.id,
    laborerId: e.laborerId,
    poverty,
    relocated: e.relocated,
    completed: e.completed,
    attendedDays: e.attendedDays,
    certificateTier: e.certificateTier as 1 | 2 | 3 | 4 | null,
    employedAfter: e.employedAfter || employedLater,
  }
}

export function laborerFacts(db: Db, laborer: Laborer): LaborerFacts {
  const enrollments = db
    .select({ enrollment: trainingEnrollments, course: trainingCourses })
    .from(trainingEnrollments)
    .innerJoin(trainingCourses, eq(trainingCourses.id, trainingEnrollments.courseId))
    .where(eq(trainingEnrollments.laborerId, laborer.id))
    .orderBy(asc(trainingEnrollments.id))
    .all()
  const employed = employedAfterTraining(db, enrollments.map((r) => r.enrollment.id))
  return {
    laborerId: laborer.id,
    poverty: laborer.povertyStatus,
    homeCountyCode: laborer.countyCode,
    enrollments: enrollments.map((r) => ({ ...enrollmentFact(r.enrollment, laborer.povertyStatus, employed.has(r.enrollment.id)), course: courseFact(r.course) })),
    placements: placementFacts(db, eq(placements.laborerId, laborer.id)),
    selfFoundJobs: selfFoundJobs(db, laborer.id).map((r) => ({
      recordId: r.id,
      form: r.form,
      placeCode: r.placeCode,
      startDate: r.startDate,
      endDate: r.endDate,
      verified: r.verifiedAt !== null,
    })),
    loans: loanFacts(db, 'laborer', laborer.id),
    businesses: db
      .select({ businessId: individualBusinesses.id, registeredOn: individualBusinesses.registeredOn, qualifies: individualBusinesses.qualifies })
      .from(individualBusinesses)
      .where(eq(individualBusinesses.laborerId, laborer.id))
      .orderBy(asc(individualBusinesses.id))
      .all(),
  }
}

export function employerFacts(db: Db, employer: Employer): EmployerFacts {
  return {
    employerId: employer.id,
    sizeClass: employer.sizeClass,
    placements: placementFacts(db, eq(placements.employerId, employer.id)),
    loans: loanFacts(db, 'employer', employer.id),
  }
}

export function providerFacts(db: Db, provider: TrainingProvider): ProviderFacts {
  const courses = db
    .select()
    .from(trainingCourses)
    .where(or(eq(trainingCourses.providerId, provider.id), eq(trainingCourses.evaluatorId, provider.id)))
    .orderBy(asc(trainingCourses.id))
    .all()
  const enrollments = courses.length
    ? db
        .select({ enrollment: trainingEnrollments, poverty: laborers.povertyStatus })
        .from(trainingEnrollments)
        .innerJoin(laborers, eq(laborers.id, trainingEnrollments.laborerId))
        .where(inArray(trainingEnrollments.courseId, courses.map((c) => c.id)))
        .orderBy(asc(trainingEnrollments.id))
        .all()
    : []
  const employed = employedAfterTraining(db, enrollments.map((r) => r.enrollment.id))
  return {
    providerId: provider.id,
    courses: courses.map(
      (c): CourseFact => ({
        ...courseFact(c),
        enrollments: enrollments.filter((r) => r.enrollment.courseId === c.id).map((r) => enrollmentFact(r.enrollment, r.poverty, employed.has(r.enrollment.id))),
      }),
    ),
  }
}

export function intermediaryFacts(db: Db, intermediary: Intermediary): IntermediaryFacts {
  return {
    intermediaryId: intermediary.id,
    qualified: intermediary.qualified,
    placements: placementFacts(db, eq(placements.intermediaryId, intermediary.id)),
  }
}

export function incubationBaseFacts(db: Db, base: IncubationBase): IncubationBaseFacts {
  return {
    baseId: base.id,
    countyCode: base.countyCode,
    inKeyCounty: isKeyCounty(db, base.countyCode),
    openedOn: base.openedOn,
    operating: base.operating,
    entities: base.entities,
    povertyEmployed: base.povertyEmployed,
  }
}

// ---- beneficiaries --------------------------------------------------------------------

export function getProvider(db: Db, id: number): TrainingProvider | undefined {
  return db.select().from(trainingProviders).where(eq(trainingProviders.id, id)).get()
}

export function listProviders(db: Db): TrainingProvider[] {
  return db.select().from(trainingProviders).orderBy(asc(trainingProviders.id)).all()
}

export function createProvider(db: Db, input: Row<TrainingProvider>): TrainingProvider {
  const now = Date.now()
  return db.insert(trainingProviders).values({ ...input, createdAt: now, updatedAt: now }).returning().get()
}

export function getIntermediary(db: Db, id: number): Intermediary | undefined {
  return db.select().from(intermediaries).where(eq(intermediaries.id, id)).get()
}

export function createIntermediary(db: Db, input: Row<Intermediary>): Intermediary {
  const now = Date.now()
  return db.insert(intermediaries).values({ ...input, createdAt: now, updatedAt: now }).returning().get()
}

export function getIncubationBase(db: Db, id: number): IncubationBase | undefined {
  return db.select().from(incubationBases).where(eq(incubationBases.id, id)).get()
}

export function createIncubationBase(db: Db, input: Row<IncubationBase>): IncubationBase {
  const now = Date.now()
  return db.insert(incubationBases).values({ ...input, createdAt: now, updatedAt: now }).returning().get()
}

export function updateIncubationBase(db: Db, id: number, patch: Partial<Row<IncubationBase>>): IncubationBase | undefined {
  return db.update(incubationBases).set({ ...patch, updatedAt: Date.now() }).where(eq(incubationBases.id, id)).returning().get()
}

export function isKeyCounty(db: Db, countyCode: string): boolean {
  return db.select().from(keyCounties).where(eq(keyCounties.countyCode, countyCode)).get() !== undefined
}

export function listKeyCounties(db: Db): { countyCode: string; designation: string }[] {
  return db.select().from(keyCounties).orderBy(asc(keyCounties.countyCode)).all()
}

export function replaceKeyCounties(db: Db, rows: { countyCode: string; designation: string }[]): void {
  transaction(db, () => {
    db.delete(keyCounties).run()
    if (rows.length) db.insert(keyCounties).values(rows).run()
  })
}

// ---- training -------------------------------------------------------------------------

export function getCourse(db: Db, id: number): TrainingCourse | undefined {
  return db.select().from(trainingCourses).where(eq(trainingCourses.id, id)).get()
}

/** Course facts a caller may leave out: where, seats and what it is ordered for. */
type CourseExtras = 'placeCode' | 'seats' | 'mode' | 'employerId' | 'jobIds'
export function createCourse(db: Db, input: Omit<Row<TrainingCourse>, CourseExtras> & Partial<Pick<TrainingCourse, CourseExtras>>): TrainingCourse {
  const now = Date.now()
  return db.insert(trainingCourses).values({ ...input, createdAt: now, updatedAt: now }).returning().get()
}

/** A course's enrollments of laborers living under `villagePrefix` (a region code). */
export function listEnrollments(db: Db, courseId: number, villagePrefix: string): TrainingEnrollment[] {
  return db
    .select({ enrollment: trainingEnrollments })
    .from(trainingEnrollments)
    .innerJoin(laborers, eq(laborers.id, trainingEnrollments.laborerId))
    .where(and(eq(trainingEnrollments.courseId, courseId), like(laborers.villageCode, `${villagePrefix}%`)))
    .orderBy(asc(trainingEnrollments.id))
    .all()
    .map((r) => r.enrollment)
}

export function getEnrollment(db: Db, id: number): TrainingEnrollment | undefined {
  return db.select().from(trainingEnrollments).where(eq(trainingEnrollments.id, id)).get()
}

/** Undefined when the laborer is already enrolled in the course. */
export function enroll(db: Db, courseId: number, laborerId: number, relocated: boolean): TrainingEnrollment | undefined {
  const now = Date.now()
  return db
    .insert(trainingEnrollments)
    .values({ courseId, laborerId, relocated, createdAt: now, updatedAt: now })
    .onConflictDoNothing()
    .returning()
    .get()
}

export function enrollmentCount(db: Db, courseId: number): number {
  return (db.$client.prepare('SELECT count(*) AS n FROM training_enrollments WHERE course_id = ?').get(courseId) as { n: number }).n
}

export type EnrollmentPatch = Partial<Pick<TrainingEnrollment, 'completed' | 'attendedDays' | 'certificateTier' | 'employedAfter' | 'relocated'>>

export function updateEnrollment(db: Db, id: number, patch: EnrollmentPatch): TrainingEnrollment | undefined {
  return db.update(trainingEnrollments).set({ ...patch, updatedAt: Date.now() }).where(eq(trainingEnrollments.id, id)).returning().get()
}

// ---- loans and businesses -------------------------------------------------------------

export function createLoan(db: Db, input: Omit<Loan, 'id' | 'createdAt'>): Loan {
  return db.insert(loans).values({ ...input, createdAt: Date.now() }).returning().get()
}

export function createBusiness(db: Db, input: Omit<IndividualBusiness, 'id' | 'createdAt'>): IndividualBusiness {
  return db.insert(individualBusinesses).values({ ...input, createdAt: Date.now() }).returning().get()
}

// ---- the ledger -----------------------------------------------------------------------

export function grantsByKeys(db: Db, keys: string[]): GrantRecord[] {
  if (keys.length === 0) return []
  const unique = [...new Set(keys)]
  const out: GrantRecord[] = []
  // SQLite caps bound parameters; an employer with thousands of placements has thousands of keys.
  for (let i = 0; i < unique.length; i += 500) {
    out.push(
      ...db
        .select({ key: subsidyGrants.key, ruleId: subsidyGrants.ruleId, amount: subsidyGrants.amount })
        .from(subsidyGrants)
        .where(inArray(subsidyGrants.key, unique.slice(i, i + 500)))
        .all(),
    )
  }
  return out
}

/** Undefined when the key is already in the ledger. */
export function insertGrant(db: Db, input: Omit<SubsidyGrant, 'id' | 'batchId'> & { batchId?: number | null }): SubsidyGrant | undefined {
  return db.insert(subsidyGrants).values(input).onConflictDoNothing({ target: subsidyGrants.key }).returning().get()
}

export function listGrants(db: Db, beneficiaryKind: SubsidyGrant['beneficiaryKind'], beneficiaryId: number): SubsidyGrant[] {
  return db
    .select()
    .from(subsidyGrants)
    .where(and(eq(subsidyGrants.beneficiaryKind, beneficiaryKind), eq(subsidyGrants.beneficiaryId, beneficiaryId)))
    .orderBy(asc(subsidyGrants.id))
    .all()
}

/** Ids of a county's poverty-alleviated and monitored laborers, for the demo's enrollments. */
export function povertyLaborerIds(db: Db, countyCode: string, limit: number): number[] {
  return db
    .select({ id: laborers.id })
    .from(laborers)
    .where(and(eq(laborers.countyCode, countyCode), inArray(laborers.povertyStatus, ['poverty_alleviated', 'monitored'])))
    .orderBy(asc(laborers.id))
    .limit(limit)
    .all()
    .map((r) => r.id)
}

export function hasProviders(db: Db): boolean {
  return db.select({ id: trainingProviders.id }).from(trainingProviders).limit(1).get() !== undefined
}

// ---- batches --------------------------------------------------------------------------

/**
 * Laborers living under `area` with a placement or a training enrollment: the only ones a
 * laborer cash rule can pay (the rules read nothing else for them), in village order.
 */
export function batchCandidates(db: Db, area: string): Laborer[] {
  return db
    .select()
    .from(laborers)
    .where(
      and(
        like(laborers.villageCode, `${area}%`),
        or(
          exists(db.select({ one: placements.id }).from(placements).where(eq(placements.laborerId, laborers.id))),
          exists(db.select({ one: trainingEnrollments.id }).from(trainingEnrollments).where(eq(trainingEnrollments.laborerId, laborers.id))),
        ),
      ),
    )
    .orderBy(asc(laborers.villageCode), asc(laborers.id))
    .all()
}

export function insertBatch(db: Db, input: Omit<SubsidyBatch, 'id' | 'paidAt' | 'cancelledAt' | 'cancelReason'>): SubsidyBatch {
  return db.insert(subsidyBatches).values(input).returning().get()
}

export function updateBatch(db: Db, id: number, patch: Partial<Omit<SubsidyBatch, 'id'>>): SubsidyBatch {
  return db.update(subsidyBatches).set(patch).where(eq(subsidyBatches.id, id)).returning().get()
}

export function getBatch(db: Db, id: number): SubsidyBatch | undefined {
  return db.select().from(subsidyBatches).where(eq(subsidyBatches.id, id)).get()
}

export function listBatches(db: Db, area: string, limit: number): SubsidyBatch[] {
  return db
    .select()
    .from(subsidyBatches)
    .where(like(subsidyBatches.scopeCode, `${area}%`))
    .orderBy(desc(subsidyBatches.id))
    .limit(limit)
    .all()
}

/** A cancelled batch's grants leave the ledger, so their keys can be paid again. */
export function deleteGrantsOfBatch(db: Db, batchId: number): number {
  return db.delete(subsidyGrants).where(eq(subsidyGrants.batchId, batchId)).run().changes
}

/** The people of a roll, by id (name, masked and enciphered ID, village). */
export function rollPeople(db: Db, ids: number[]): Map<number, Pick<Laborer, 'id' | 'name' | 'idMasked' | 'idCipher' | 'villageCode'>> {
  const out = new Map<number, Pick<Laborer, 'id' | 'name' | 'idMasked' | 'idCipher' | 'villageCode'>>()
  for (let i = 0; i < ids.length; i += 500) {
    for (const row of db
      .select({ id: laborers.id, name: laborers.name, idMasked: laborers.idMasked, idCipher: laborers.idCipher, villageCode: laborers.villageCode })
      .from(laborers)
      .where(inArray(laborers.id, ids.slice(i, i + 500)))
      .all()) {
      out.set(row.id, row)
    }
  }
  return out
}
