package io.infersight.core;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The executor wrappers of {@link InferenceObserver#wrap(Executor)}: a task runs with the context
 * of the inference current when it was submitted (listeners attach on the worker and detach after).
 */
final class ContextExecutors {
  private ContextExecutors() {}

  /** Wraps tasks with the submitting thread's inference. */
  static final class ContextExecutor implements Executor {
    private final Executor delegate;
    private final InferenceObserver observer;

    ContextExecutor(InferenceObserver observer, Executor delegate) {
      this.observer = observer;
      this.delegate = delegate;
    }

    @Override
    public void execute(Runnable command) {
      delegate.execute(contextual(observer, command));
    }
  }

  static final class ContextExecutorService extends AbstractExecutorService {
    private final ExecutorService delegate;
    private final InferenceObserver observer;

    ContextExecutorService(InferenceObserver observer, ExecutorService delegate) {
      this.observer = observer;
      this.delegate = delegate;
    }

    @Override
    public void execute(Runnable command) {
      delegate.execute(contextual(observer, command));
    }

    @Override
    public void shutdown() {
      delegate.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
      return delegate.shutdownNow();
    }

    @Override
    public boolean isShutdown() {
      return delegate.isShutdown();
    }

    @Override
    public boolean isTerminated() {
      return delegate.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
      return delegate.awaitTermination(timeout, unit);
    }
  }

  static Runnable contextual(InferenceObserver observer, Runnable command) {
    Objects.requireNonNull(command, "command");
    RecordingInference inf = RecordingInference.currentRaw();
    if (inf == null || inf.observer() != observer) {
      return command;
    }
    return inf.wrap(command);
  }

}
