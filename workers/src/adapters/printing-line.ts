/**
 * The Dinas printing line: printing and encoding one card once its record is PRINT_READY_RECORD,
 * and the schedule of blanko (blank cards) arriving at the Dinas from the Provinsi or Ditjen.
 *
 * Since 2014 cards are printed by the Disdukcapil of the kabupaten/kota (UU 24/2013 Pasal 8), on
 * machines this product cannot reach; it runs against `SimulatedPrintingLine`
 * (printing-line-simulator.ts). A real implementation keeps this contract (docs/adapters.md).
 *
 * Errors: outcomes are values (a defect, a printer that is down). A call that gets no answer at
 * all rejects its promise, so the worker fails the job and Zeebe retries it with back-off.
 */

/** What is wrong on a card that came out of the printer. */
export const printDefects = [
  'NAME',
  'BIRTH_PLACE_DATE',
  'ADDRESS',
  'PHOTO_PLACEMENT',
  'CHIP_UNREADABLE',
  'PRINT_QUALITY',
] as const;
export type PrintDefect = (typeof printDefects)[number];

/**
 * Why: PRINT_DEFECT is the machine (reprint at once); SIAK_DATA_WRONG means the record itself is
 * wrong, so the biodata is corrected in SIAK, on documents, before the reprint.
 */
export type DefectCause = 'PRINT_DEFECT' | 'SIAK_DATA_WRONG';

/**
 * Each defect has one cause: wrong text on the card comes from wrong data in SIAK (the printer
 * prints what it pulls from the centre); photo, chip and print quality come from the machine.
 */
export const defectCauses: Readonly<Record<PrintDefect, DefectCause>> = {
  NAME: 'SIAK_DATA_WRONG',
  BIRTH_PLACE_DATE: 'SIAK_DATA_WRONG',
  ADDRESS: 'SIAK_DATA_WRONG',
  PHOTO_PLACEMENT: 'PRINT_DEFECT',
  CHIP_UNREADABLE: 'PRINT_DEFECT',
  PRINT_QUALITY: 'PRINT_DEFECT',
};

export type PrintResult =
  | { outcome: 'PRINTED'; cardSerial: string; printedAt: number }
  /** A card came out, unusable: it is destroyed and counted, and a reprint is a new attempt. */
  | { outcome: 'DEFECT'; defect: PrintDefect; cause: DefectCause }
  /**
   * The printer, or its online link to the centre that it pulls the record from, is down: no card,
   * no blanko used. Try the same job again later.
   */
  | { outcome: 'UNAVAILABLE' };

/** Blanko on their way to the Dinas: `quantity` cards arriving at `arrivesAt` (epoch ms). */
export interface BlankoDelivery {
  /** Stable across calls, so the product can book each arrival once into the stock. */
  deliveryId: string;
  arrivesAt: number;
  quantity: number;
}

export interface PrintingLine {
  /**
   * Prints and encodes the card of a PRR record onto one blanko (about 3 minutes a card). The
   * caller takes the blanko from stock beforehand and gives it back on UNAVAILABLE; the line does
   * not keep the stock.
   *
   * Idempotent on `printJobId`: a repeat reports the same outcome and card serial and prints
   * nothing new. `attempt` counts prints of this NIK's card (1, then 2 for a reprint, …).
   */
  printCard(job: { printJobId: string; nik: string; attempt: number }): Promise<PrintResult>;

  /**
   * The blanko deliveries arriving in [from, to) (epoch ms, `to` excluded), in time order. The
   * schedule is fixed in advance, so adjacent windows never repeat or miss a delivery, and a
   * window in the past answers what arrived then.
   */
  blankoDeliveries(window: { from: number; to: number }): Promise<BlankoDelivery[]>;
}
