// The public API at a glance. Named re-exports only; data flows text → records → schools → …

export type { AreaFamily, AreaResult, AreaSummary } from "./benchmark/areas.js";
export { benchmarkFamilies } from "./benchmark/benchmark.js";
export type { DisadvantagedPupils, FamilyDisadvantaged } from "./benchmark/disadvantaged.js";
export { type Improvement, type ImprovementOptions, improvement } from "./benchmark/improvement.js";
export {
  EEF_OUTCOME_YEARS,
  type PooledNote,
  type PooledOutcome,
  type PooledOutcomeOptions,
  pooledOutcome,
} from "./benchmark/pooled.js";
export type { Projection, ProjectionFit } from "./benchmark/projection.js";
export { type Summary, summarise } from "./benchmark/summary.js";
export type {
  BenchmarkFamiliesOptions,
  Benchmarks,
  FamilyBenchmark,
  MemberBenchmark,
  Movement,
  Position,
  Quadrant,
  UnplacedSchool,
} from "./benchmark/types.js";
export {
  type ComparisonGroups,
  type ComparisonGroupsOptions,
  comparisonGroups,
} from "./comparison/neighbours.js";
export type { ComparisonGroup } from "./comparison/types.js";
export {
  ArgumentError,
  FamiliesError,
  type FormatProblemOptions,
  formatProblem,
  PROBLEM_CODES,
  type Problem,
  type ProblemCode,
  type ProblemHint,
} from "./errors.js";
export {
  type Accuracy,
  type AccuracyMeasure,
  type GroupingAccuracy,
  type GroupingAccuracyOptions,
  groupingAccuracy,
} from "./evaluate/accuracy.js";
export {
  type AccuracyBaselines,
  type AccuracyBaselinesOptions,
  accuracyBaselines,
} from "./evaluate/accuracy-baselines.js";
export {
  type CalibrateProjectionsOptions,
  type Calibration,
  type CalibrationRow,
  calibrateProjections,
} from "./evaluate/calibration.js";
export { type FittedWeights, type FitWeightsOptions, fitWeights } from "./evaluate/fit-weights.js";
export {
  type BaselineQuality,
  explainFamily,
  type FamilyExplanation,
  type GroupingQuality,
  type GroupingQualityOptions,
  groupingQuality,
} from "./evaluate/quality.js";
export { CONTEXT_FIELDS, type ContextField, type FeatureOptions } from "./features/features.js";
export {
  type Family,
  type GroupedSchool,
  type GroupFamiliesOptions,
  type Grouping,
  groupFamilies,
} from "./group/families.js";
export {
  type IgnoredLink,
  type Panel,
  type PanelOptions,
  panel,
  type ReadLinksOptions,
  readLinks,
  type School,
  type SuccessorLink,
} from "./panel/panel.js";
export { matchPartners } from "./partner/match.js";
export type { MatchPartnersOptions, Pair, PairFacts, PairRef, Partners } from "./partner/types.js";
export {
  type ClusterMember,
  type NeighbourhoodCluster,
  type NeighbourhoodClusters,
  type NeighbourhoodClustersOptions,
  neighbourhoodClusters,
} from "./place/clusters.js";
export { type ListedPlaces, listedPlaces, type PlaceListEntry } from "./place/listed.js";
export {
  describePlaces,
  type NameFacts,
  type PlaceNameOptions,
  placeName,
  type StageFacts,
  schoolStage,
} from "./place/names.js";
export {
  type ClusterProfileOptions,
  CONTEXT_MEASURES,
  clusterProfile,
  type PlaceProfile,
  PROFILE_MEASURES,
  type ProfileMeasure,
  type ProfileValue,
  profileValueText,
  type SimilarPlace,
  type SimilarPlaces,
  type SimilarPlacesOptions,
  similarPlaces,
} from "./place/profile.js";
export { type PlaceOutcome, placeFamilies, placeRecords } from "./place/records.js";
export { combineReads } from "./read/combine.js";
export { type ColumnMapping, ColumnMappingSchema, GENERIC_HEADERS } from "./read/fields.js";
export { type Establishment, type ReadGiasOptions, type Register, readGias } from "./read/gias.js";
export { nationalOtherPupils } from "./read/national.js";
export {
  type PlaceListRow,
  type ReadSchoolMeasuresOptions,
  readPlaceList,
  readSchoolMeasures,
  type SchoolMeasures,
} from "./read/place-lists.js";
export { DFE_KS2, DFE_KS4, type PresetName, type RowSelection } from "./read/presets.js";
export {
  type ReadReport,
  type ReadResult,
  type ReadSchoolsOptions,
  type RejectedRow,
  readSchools,
  type SkippedRow,
  safeReadSchools,
} from "./read/read.js";
export { joinRegister, type RegisterJoin, registerPhases, registerRecords } from "./read/register.js";
export { MISSING_CODES, yearFromFileName } from "./read/values.js";
export { type SchoolsToCsvOptions, schoolsToCsv } from "./read/write.js";
export {
  type FrontierPoint,
  type Joined,
  type Move,
  type MoveReason,
  type RegroupFamiliesOptions,
  type Regrouping,
  regroupFamilies,
} from "./regroup/regroup.js";
export { type FamilyChartOptions, familyChart } from "./render/chart.js";
export { type DisadvantagedParagraphOptions, disadvantagedParagraph } from "./render/disadvantaged.js";
export { type FrontierInput, frontierChart } from "./render/frontier.js";
export { type MapSchool, type PlaceMapOptions, placeMap } from "./render/map.js";
export { type PlaceReportInput, placeReport } from "./render/places.js";
export { type FamilyReportOptions, familyReport } from "./render/report.js";
export { type FamilyReportPagesOptions, familyReportPages, type ReportPage } from "./render/report-pages.js";
export { type ReadFamiliesOptions, readFamilies, type SavedFamilies } from "./saved/families.js";
export { type ReadPairsOptions, readPairs } from "./saved/pairs.js";
export {
  type Interval,
  IntervalSchema,
  parseSchools,
  type SafeParseResult,
  type SchoolYear,
  SchoolYearSchema,
  safeParseSchools,
} from "./schema.js";
export {
  GREATER_MANCHESTER_LIKE,
  type SyntheticAuthority,
  type SyntheticRegionOptions,
  syntheticRegion,
} from "./synthetic/region.js";
export { type DecodedText, decodeBytes, type TextEncoding } from "./text/decode.js";
