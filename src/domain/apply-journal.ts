/**
 * The journal of one apply: how far it got, kept beside the copy's record until the apply
 * commits, so the next apply after a crash knows exactly what was done. Pure data, no I/O.
 *
 *   planned       the plan is made and a page write is about to happen (it may have happened)
 *   page-written  the page is written and recorded; comments and files are about to be written
 *   parts-written comments and files are written and recorded; the archive step is next
 *   committed     the record carries the snapshot's hash and the journal is gone
 *
 * A phase is written only when work follows that a crash could leave unrecorded.
 */
export const JOURNAL_PHASES = ['planned', 'page-written', 'parts-written', 'committed'] as const;
export type JournalPhase = (typeof JOURNAL_PHASES)[number];

/** The page write an apply set out to make; `parts`: none, only comments and files. */
export type PageStep = 'create' | 'adopt' | 'update' | 'restore' | 'unarchive' | 'parts';

export interface ApplyJournal {
  /** `committed` is never stored: a committed apply has no journal. */
  phase: Exclude<JournalPhase, 'committed'>;
  step: PageStep;
  /** The snapshot being applied, and its page alone. */
  hash: string;
  pageHash: string;
  sourceVersion: number;
  /** Creates: the title asked for, to find the page a cut-off create made. */
  title?: string;
  /** The page as the app writes it (copyFingerprint): a copy that reads so was written by the app. */
  wrote?: string;
  at: string;
}

/** Whether a journal says a create may have made a page that nothing records. */
export const interruptedCreate = (journal: Pick<ApplyJournal, 'phase' | 'step'> | undefined): boolean => journal?.phase === 'planned' && (journal.step === 'create' || journal.step === 'adopt');
