package io.infersight.core;

import io.infersight.core.internal.ThrottlingLogger;
import java.lang.System.Logger.Level;

/**
 * Calls an observer's listeners in registration order and isolates them: a listener that throws
 * is counted under {@value SelfMetricNames#LISTENER_ERRORS}, logged once (throttled), and the
 * others still run; nothing reaches serving code but fatal VM errors.
 */
final class ListenerChain {
  private static final ThrottlingLogger LOG = ThrottlingLogger.forName("io.infersight.core");

  private final InferenceListener[] listeners;
  private final SelfCounter[] listenerErrors;

  ListenerChain(InferenceListener[] listeners, SelfCounter[] listenerErrors) {
    this.listeners = listeners;
    this.listenerErrors = listenerErrors;
  }

  void fireStart(Inference inf) {
    InferenceListener[] ls = listeners;
    for (int i = 0; i < ls.length; i++) {
      try {
        ls[i].onStart(inf);
      } catch (Throwable t) {
        listenerFailed(i, "onStart", t);
      }
    }
  }

  void fireStageStart(Inference inf, Stage stage, String subStage) {
    InferenceListener[] ls = listeners;
    for (int i = 0; i < ls.length; i++) {
      try {
        ls[i].onStageStart(inf, stage, subStage);
      } catch (Throwable t) {
        listenerFailed(i, "onStageStart", t);
      }
    }
  }

  void fireStageEnd(Inference inf, Stage stage, String subStage, long t0, long duration, Throwable error) {
    InferenceListener[] ls = listeners;
    for (int i = 0; i < ls.length; i++) {
      try {
        ls[i].onStageEnd(inf, stage, subStage, t0, duration, error);
      } catch (Throwable t) {
        listenerFailed(i, "onStageEnd", t);
      }
    }
  }

  void fireBatch(InferenceBatch batch) {
    InferenceListener[] ls = listeners;
    for (int i = 0; i < ls.length; i++) {
      try {
        ls[i].onBatch(batch);
      } catch (Throwable t) {
        listenerFailed(i, "onBatch", t);
      }
    }
  }

  /** Attaches every listener on this thread; returns their tokens, or {@code null} when none has one. */
  Object[] attachAll(Inference inf) {
    InferenceListener[] ls = listeners;
    Object[] tokens = null;
    for (int i = 0; i < ls.length; i++) {
      Object token = null;
      try {
        token = ls[i].attach(inf);
      } catch (Throwable t) {
        listenerFailed(i, "attach", t);
      }
      if (token != null) {
        if (tokens == null) {
          tokens = new Object[ls.length];
        }
        tokens[i] = token;
      }
    }
    return tokens;
  }

  void detachAll(Inference inf, Object[] tokens) {
    InferenceListener[] ls = listeners;
    for (int i = ls.length - 1; i >= 0; i--) {
      try {
        ls[i].detach(inf, tokens == null ? null : tokens[i]);
      } catch (Throwable t) {
        listenerFailed(i, "detach", t);
      }
    }
  }

  void finish(RecordingInference inf, boolean onOwnerThread) {
    InferenceListener[] ls = listeners;
    for (int i = 0; i < ls.length; i++) {
      try {
        ls[i].onEnd(inf);
      } catch (Throwable t) {
        listenerFailed(i, "onEnd", t);
      }
    }
    if (onOwnerThread) {
      inf.detachOwner();
      inf.restorePrevious();
    }
  }

  private void listenerFailed(int index, String method, Throwable t) {
    if (t instanceof VirtualMachineError) {
      throw (VirtualMachineError) t;
    }
    listenerErrors[index].increment();
    String name = listenerErrors[index].labelValue();
    LOG.log(Level.WARNING, "listener:" + name + ":" + method,
        "Listener " + name + " threw from " + method + "; isolated and counted under "
            + SelfMetricNames.LISTENER_ERRORS, t);
  }

  void close(long timeoutMillis) {
    for (int i = 0; i < listeners.length; i++) {
      try {
        listeners[i].close(timeoutMillis);
      } catch (Throwable t) {
        listenerFailed(i, "close", t);
      }
    }
  }
}
