/**
 * Infersight's test kit for users and for its own modules: a {@link
 * io.infersight.testing.RecordingListener}, a {@link io.infersight.testing.FakeClock} and AssertJ
 * assertions ({@link io.infersight.testing.InfersightAssertions}).
 */
@NullMarked
package io.infersight.testing;

import org.jspecify.annotations.NullMarked;
