package io.beamcrawl.extract;

import java.io.Serializable;

/**
 * Turns a page into the JSON text of its {@code data} column. Implementations are immutable and
 * serialisable (they are shipped to workers), may be called from several threads, and never
 * throw: a failure is an {@link ExtractionResult#failed} result.
 */
public interface Extractor extends Serializable {

  ExtractionResult extract(PageContent page);
}
