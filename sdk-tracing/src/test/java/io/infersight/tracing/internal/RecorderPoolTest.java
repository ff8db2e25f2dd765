package io.infersight.tracing.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.infersight.core.InferenceObserver;
import io.infersight.core.Stage;
import io.opentelemetry.context.Context;
import org.junit.jupiter.api.Test;

class RecorderPoolTest {

  @Test
  void releasedRecorderIsHandedOutAgainEmpty() {
    RecorderPool pool = new RecorderPool(1, 4);
    StageRecorder r = pool.acquire();
    r.bind(null, Context.root());
    r.record(Stage.FORWARD, "x", 1, 2, new RuntimeException());
    pool.release(r);

    StageRecorder again = pool.acquire();
    assertThat(again).isSameAs(r);
    assertThat(again.size()).isZero();
    assertThat(again.overflow()).isZero();
    assertThat(again.parent()).isNull();
    assertThat(again.root()).isNull();
  }

  @Test
  void emptyPoolMakesANewRecorderAndFullPoolLetsOneGo() {
    RecorderPool pool = new RecorderPool(1, 4);
    StageRecorder a = pool.acquire();
    StageRecorder b = pool.acquire();
    assertThat(a).isNotSameAs(b);

    pool.release(a);
    pool.release(b);
    assertThat(pool.idle()).isEqualTo(1);
  }

  @Test
  void entriesPastCapacityAreCountedNotStored() {
    StageRecorder r = new RecorderPool(1, 4).acquire();
    for (int i = 0; i < 6; i++) {
      r.record(Stage.PREPROCESS, null, i, 1, null);
    }

    assertThat(r.size()).isEqualTo(4);
    assertThat(r.overflow()).isEqualTo(2);
    assertThat(r.end(3)).isEqualTo(4);
  }

  @Test
  void topScoreIgnoresNanAndInfinities() {
    InferenceObserver observer = InferenceObserver.builder().model("m", "1").build();
    assertThat(SpanTreeEmitter.topScore(observer.start().scores(Double.NaN, 0.2, Double.POSITIVE_INFINITY, 0.7)))
        .isEqualTo(0.7);
    assertThat(SpanTreeEmitter.topScore(observer.start().scores(Double.NaN))).isNaN();
    assertThat(SpanTreeEmitter.topScore(observer.start().scores(0.4))).isEqualTo(0.4);
    assertThat(SpanTreeEmitter.topScore(observer.start())).isNaN();
  }
}
