package io.infersight.gpu;

/**
 * The gauges of one device: each one's Micrometer name, base unit and description. Prometheus
 * appends the base unit to the name: {@code gpu_utilization_percent} and so on.
 */
enum GpuGauge {
  UTILIZATION("gpu.utilization", "percent",
      "Percent of the last sample period during which a kernel ran on the GPU"),
  MEMORY_UTILIZATION("gpu.memory.utilization", "percent",
      "Percent of the last sample period during which device memory was read or written"),
  MEMORY_USED("gpu.memory.used", "bytes", "Device memory in use"),
  MEMORY_TOTAL("gpu.memory.total", "bytes", "Total device memory"),
  TEMPERATURE("gpu.temperature", "celsius", "GPU core temperature"),
  POWER("gpu.power.usage", "watts", "Board power draw"),
  CLOCK_SM("gpu.clock.sm", "hertz", "Streaming multiprocessor clock"),
  CLOCK_MEMORY("gpu.clock.memory", "hertz", "Memory clock"),
  PROCESS_MEMORY("gpu.process.memory.used", "bytes",
      "Device memory used by this process (read at the process interval)");

  private final String meterName;
  private final String unit;
  private final String description;

  GpuGauge(String meterName, String unit, String description) {
    this.meterName = meterName;
    this.unit = unit;
    this.description = description;
  }

  /** The Micrometer name. */
  String meterName() {
    return meterName;
  }

  /** The Micrometer base unit. */
  String unit() {
    return unit;
  }

  String description() {
    return description;
  }
}
