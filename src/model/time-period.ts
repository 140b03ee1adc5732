/**
 * Time periods: when checks run and notifications go out. Placeholder contract, replaced by the
 * full rule model (weekday ranges, exceptions, exclusions) in the same file.
 */
export interface TimePeriodRules {
  readonly excludes: readonly string[];
}
