// The public API at a glance. Named re-exports only; data flows text → records → schools → …
export { FamiliesError, formatProblem, type Problem } from "./errors.js";
export {
  IntervalSchema,
  SchoolYearSchema,
  parseSchools,
  safeParseSchools,
  type Interval,
  type SafeParseResult,
  type SchoolYear,
} from "./schema.js";
export {
  combineReads,
  readSchools,
  safeReadSchools,
  type ReadOptions,
  type ReadReport,
  type ReadResult,
  type RejectedRow,
  type SkippedRow,
} from "./read/read.js";
export { ColumnMappingSchema, type ColumnMapping } from "./read/fields.js";
export { DFE_KS2, DFE_KS4, type PresetName, type RowSelection } from "./read/presets.js";
export { MISSING_CODES, yearFromFileName } from "./read/values.js";
export { csvCell, csvLine, schoolsToCsv, type CsvWriteOptions } from "./read/write.js";
export {
  panel,
  readLinks,
  type IgnoredLink,
  type Panel,
  type PanelOptions,
  type ReadLinksOptions,
  type School,
  type SuccessorLink,
} from "./panel/panel.js";
export {
  GREATER_MANCHESTER_LIKE,
  syntheticRegion,
  type SyntheticAuthority,
  type SyntheticRegionOptions,
} from "./synthetic/region.js";
export {
  CONTEXT_FIELDS,
  type ContextField,
  type FeatureOptions,
} from "./group/features.js";
export {
  groupFamilies,
  type Family,
  type GroupFamiliesOptions,
  type GroupedSchool,
  type Grouping,
} from "./group/families.js";
export {
  explainFamily,
  groupingQuality,
  type BaselineQuality,
  type FamilyExplanation,
  type GroupingQuality,
  type GroupingQualityOptions,
} from "./group/quality.js";
export {
  comparisonGroups,
  type ComparisonGroup,
  type ComparisonGroups,
  type ComparisonGroupsOptions,
} from "./group/neighbours.js";
export { improvement, type Improvement, type ImprovementOptions } from "./benchmark/improvement.js";
export { summarise, type Summary } from "./benchmark/summary.js";
export {
  TARGETS,
  TARGET_LIST,
  benchmarkFamilies,
  type BenchmarkOptions,
  type Benchmarks,
  type FamilyBenchmark,
  type MemberBenchmark,
  type Movement,
  type Position,
  type Quadrant,
} from "./benchmark/benchmark.js";
export { readFamilies, type ReadFamiliesOptions, type SavedFamilies } from "./group/saved.js";
export {
  matchPartners,
  type Pair,
  type PairFacts,
  type PairRef,
  type PartnerOptions,
  type Partners,
} from "./partner/match.js";
export { familyChart, type FamilyChartOptions } from "./render/chart.js";
export { familyReport, type FamilyReportOptions } from "./render/report.js";
export { regroupFamilies, type MoveReason, type RegroupOptions, type Regrouping } from "./group/regroup.js";
