package io.beamcrawl.extract;

import java.io.Serializable;

/**
 * Turns a page into the JSON text of its {@code data} column. Implementations are immutable and
 * serialisable (they are shipped to workers), may be called from several threads, and never
 * throw: a failure is an {@link ExtractionResult#failed} result.
 */
public interface Extractor extends Serializable {

  ExtractionResult extract(PageContent page);

  /**
   * Extracts as {@link #extract(PageContent)}, asking {@code gate} before any model call; a page
   * the gate refuses is {@link ExtractionResult#overCreditCap}.
   */
  default ExtractionResult extract(PageContent page, SpendGate gate) {
    return extract(page);
  }

  /**
   * Whether extraction spends model tokens: such extractors run with bounded concurrency and stop
   * at the job's credit cap.
   */
  default boolean usesModel() {
    return false;
  }
}
