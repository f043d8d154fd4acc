package io.beamcrawl.fetch;

import java.io.Serializable;

/** One HTTP header line; repeated headers are repeated entries. */
public record Header(String name, String value) implements Serializable {}
