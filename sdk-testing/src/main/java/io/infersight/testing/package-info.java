/**
 * Infersight's test kit for users and for its own modules: a {@link
 * io.infersight.testing.RecordingListener}, a {@link io.infersight.testing.FakeClock} and AssertJ
 * assertions ({@link io.infersight.testing.InfersightAssertions}).
 */
package io.infersight.testing;
