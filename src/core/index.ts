/**
 * The campaign core's public entry point: what the chat layer, the delivery
 * runtime, the server and the adapters may use. Nothing outside src/core
 * imports a core file directly (the dependency rules check it).
 */
export * from './ports/index.ts';
export { createCampaignCore, type CampaignCore, type CoreStores } from './campaign-core.ts';
export { parseCampaign, campaignFileSchema, type Campaign, type CampaignFile, type LocalizedText } from './campaign.ts';
export { countdown, localDate, type CampaignWindow, type Countdown } from './countdown.ts';
export { countryName, isCountryCode, likelyCountries, resolveCountry, type CountryMatch } from './country.ts';
export { DomainError, DOMAIN_ERROR_CODES, ServiceUnavailableError, type DomainErrorCode } from './errors.ts';
export { ExportService, type ExportTotals, type SignatureExportFile } from './export-service.ts';
export { CASE_KINDS, CASES_PER_PAGE, isCaseKind, ListService, type CasePage } from './list-service.ts';
export { checkCaseRow, formatOf, MAX_CASE_NUMBER, parseCaseFile, type CaseRowCheck, type ImportReport } from './case-import.ts';
export { CONTENT_LOCALES, DEFAULT_LOCALE, isContentLocale, isLocale, knownLocale, LOCALE_FALLBACKS, localeFromTag, LOCALES, localized, withFallbacks, type ContentLocale, type Locale, type LocalizedContent } from './locale.ts';
export {
  COMMUNITY_STEP_AFTER,
  COMMUNITY_STEPS,
  communityStep,
  detectCommunityMilestones,
  detectMilestones,
  MILESTONE_STEP,
  type CommunityMilestone,
  type CommunityTotal,
  type Milestone,
  type MilestoneSnapshot,
} from './milestones.ts';
export {
  checkCountry,
  checkNameChoice,
  PetitionService,
  type CheckedName,
  type NameChoice,
  type PetitionStats,
  type PetitionSummary,
  type SignInput,
  type SigningFacts,
  type SignOutcome,
  type WithdrawOutcome,
} from './petition-service.ts';
export { checkReferral } from './referral.ts';
export { ReferralService, type CommunityRef, type ReferralKind, type ReferralReport, type ReferralSource } from './referral-service.ts';
export { ReminderService } from './reminder-service.ts';
export { RetentionService } from './retention-service.ts';
export { createSignerKeyer, type SignerKeyer, type SignerRef } from './signer-key.ts';
export { createAddressCipher, MIN_ADDRESS_KEY_LENGTH, type AddressCipher } from './address-cipher.ts';
export { checkSignerName, initialsOf, MAX_NAME_LENGTH, type NameCheck, type NameProblem } from './signer-name.ts';
export { AnnouncementService, MAX_ANNOUNCEMENT_LENGTH } from './announcement-service.ts';
export { videoEmbedLink, videoLink, type VideoSettings } from './video.ts';
export { hasInvalidCharacters, requireValidText } from './text-input.ts';
export { createMessengerDirectory, type MessengerDirectory } from './messenger-directory.ts';
export { auditPathPositions, EMPTY_ROOT, leafHash, MerkleBuilder, merkleRoot, nodeHash, verifyInclusion, type NodePosition } from './merkle.ts';
export { createReceiptKeyer, LEAF_FORMAT_VERSION, leafData, leafOf, normalizeReceiptCode, receiptDigest, signatureLeaf, type ReceiptKeyer } from './receipt.ts';
export { EMPTY_ROOT_HEX, SnapshotService, type EarlySnapshot, type ReceiptCheck } from './snapshot-service.ts';
export { plainText, webLink } from './staff-text.ts';
export { DeliveryRecordService, MAX_DELIVERY_NOTE, type EmbassyDelivery, type RecordDeliveryInput } from './delivery-record-service.ts';
export { checkDeliveryTarget, DeliveryTargetService, type DeliveryTargetInput } from './delivery-target-service.ts';
export { MAX_EVENT_LABEL, MAX_PAPER_BATCH, PaperSignatureService } from './paper-signature-service.ts';
export {
  parseReviewTime,
  parseSignatureId,
  REVIEW_DECISION_OPTIONS,
  reviewRequest,
  ReviewService,
  type RedactOutcome,
  type ReviewDecision,
  type ReviewQueue,
  type TypedReviewDecision,
} from './review-service.ts';
export { DEFAULT_REVIEW_POLICY, DEFAULT_WATCH_LISTS, INVALID_REASONS, isInvalidReason, isReviewRule, NO_REVIEW_POLICY, REVIEW_RULES, type InvalidReason, type ReviewPolicy } from './review-policy.ts';
export { SigningReview, type SigningSignals } from './signing-review.ts';
export { compileWatchList, type WatchList, type WatchListSource } from './watch-list.ts';
export { snowflakeTime } from './discord-snowflake.ts';
export { AT_RISK_MINIMUM_SHOWN, DEFAULT_AT_RISK_COUNTRIES, erasureDate, isAtRisk, lastDayOf } from './campaign.ts';
export { countryMainZones, mainTimeZone } from './country-zone.ts';
