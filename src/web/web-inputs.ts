/**
 * What the page learns from features built elsewhere, passed in as small
 * functions so the page does not depend on how they are stored. Until those
 * features exist, the defaults say "nothing recorded" and "not available".
 */

export type EmbassyDeliveryState = 'pending' | 'delivered' | 'refused';

/** What staff recorded about handing the petition to one country's Chinese embassy. */
export interface EmbassyDelivery {
  /** ISO 3166-1 alpha-2 of the country the embassy is in. */
  country: string;
  state: EmbassyDeliveryState;
  recordedAt: Date | null;
}

/**
 * Per-embassy delivery status, shown after the close.
 *
 * @example const deliveryStatus: DeliveryStatusSource = async () => [{ country: 'KR', state: 'delivered', recordedAt }]
 */
export type DeliveryStatusSource = () => Promise<readonly EmbassyDelivery[]>;

export const NO_DELIVERY_STATUS: DeliveryStatusSource = async () => [];

/**
 * Whether `GET /api/receipts/<code>` is served, so the page offers the
 * receipt check only when it works.
 *
 * @example const receiptsAvailable: ReceiptsAvailability = () => true
 */
export type ReceiptsAvailability = () => boolean;

export const RECEIPTS_NOT_AVAILABLE: ReceiptsAvailability = () => false;

/** Receipt codes as the page accepts them before passing them on (letters, digits, - and _). */
export const RECEIPT_CODE = /^[A-Za-z0-9_-]{6,128}$/;
