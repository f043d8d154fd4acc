package io.beamcrawl.extract.llm;

import java.io.Serializable;

/**
 * A chat client made on first use, on each worker a serialised holder reaches: an HTTP client
 * does not travel. Thread-safe.
 */
final class LazyChatClient implements Serializable {

  private final LlmSettings settings;
  private final LlmExtractor.ClientFactory factory;
  private transient volatile ChatClient client;

  LazyChatClient(LlmSettings settings, LlmExtractor.ClientFactory factory) {
    this.settings = settings;
    this.factory = factory;
  }

  ChatClient get() {
    ChatClient made = client;
    if (made == null) {
      synchronized (this) {
        made = client;
        if (made == null) {
          made = factory.create(settings);
          client = made;
        }
      }
    }
    return made;
  }
}
