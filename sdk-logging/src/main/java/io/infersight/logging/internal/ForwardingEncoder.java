package io.infersight.logging.internal;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import org.jspecify.annotations.Nullable;

/**
 * An encoder that hands the header, every event and the footer to a delegate it picks when it
 * starts, and stops the delegate with itself. Without a delegate (not started, or the delegate
 * failed to start) it writes nothing. Shared by {@code InfersightEncoder} and the Spring Boot
 * starter's encoder. Internal.
 */
public abstract class ForwardingEncoder extends EncoderBase<ILoggingEvent> {
  private static final byte[] EMPTY = new byte[0];

  private @Nullable Encoder<ILoggingEvent> delegate;

  protected ForwardingEncoder() {}

  /** The encoder this one forwards to, or null. */
  protected final @Nullable Encoder<ILoggingEvent> delegate() {
    return delegate;
  }

  /** Forwards to {@code encoder} (null: writes nothing); set it in {@link #start()}. */
  protected final void delegate(@Nullable Encoder<ILoggingEvent> encoder) {
    this.delegate = encoder;
  }

  @Override
  public void stop() {
    if (delegate != null) {
      delegate.stop();
    }
    super.stop();
  }

  @Override
  public byte @Nullable [] headerBytes() {
    return delegate == null ? null : delegate.headerBytes();
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    return delegate == null ? EMPTY : delegate.encode(event);
  }

  @Override
  public byte @Nullable [] footerBytes() {
    return delegate == null ? null : delegate.footerBytes();
  }
}
