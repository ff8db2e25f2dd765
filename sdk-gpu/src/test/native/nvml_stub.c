/*
 * A stand-in for libnvidia-ml.so.1, used by the sdk-gpu tests. It exports the real NVML symbol
 * names with the real signatures and struct layouts, so that the Java binding is exercised through
 * JNA exactly as against the driver, and is scripted by a small key=value file so that each test
 * sets up its own GPU world.
 *
 * Built by the tests (NvmlStub.java) with: gcc -shared -fPIC -o libnvidia-ml.so.1 nvml_stub.c
 *
 * Scenario file, one key=value a line ('#' starts a comment). Every key is optional.
 *   init=CODE                  return code of nvmlInit_v2 (default 0)
 *   driver=STRING              nvmlSystemGetDriverVersion
 *   count=N                    device count (default 0), count_error=CODE fails nvmlDeviceGetCount_v2
 *   gpu.I.name / gpu.I.uuid    strings
 *   gpu.I.util.gpu / gpu.I.util.memory / gpu.I.temperature / gpu.I.power (mW)
 *   gpu.I.clock.sm / gpu.I.clock.memory (MHz)              unsigned 32-bit
 *   gpu.I.memory.total / gpu.I.memory.free / gpu.I.memory.used          unsigned 64-bit
 *   gpu.I.memory.reserved      the driver's share: _v2 reports it apart, nvmlMemory_t's used
 *                              includes it (as real drivers from r510 do)
 *   gpu.I.processes=PID:BYTES,PID:BYTES                                  compute processes
 *   gpu.I.fail.FN=CODE         FN in handle, name, uuid, utilization, memory, memory_v2,
 *                              temperature, power, clock, processes: that call returns CODE
 *                              (memory fails both memory calls, memory_v2 only the _v2 one)
 *   gpu.I.lost_after=K         every device call after the K-th returns NVML_ERROR_GPU_IS_LOST ...
 *   gpu.I.lost_calls=M         ... for M calls, then the device answers again (0: lost for good)
 *
 * infersight_stub_configure(path) loads a new world; infersight_stub_update(path) changes the values
 * of the current one while NVML stays initialised. Without either call, nvmlInit_v2 reads the file named by the environment
 * variable INFERSIGHT_NVML_STUB_CONFIG (for tests that run a child JVM).
 */
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* nvmlReturn_t values, as in nvml.h (enum nvmlReturn_enum). */
#define NVML_SUCCESS 0
#define NVML_ERROR_UNINITIALIZED 1
#define NVML_ERROR_INVALID_ARGUMENT 2
#define NVML_ERROR_NOT_SUPPORTED 3
#define NVML_ERROR_INSUFFICIENT_SIZE 7
#define NVML_ERROR_GPU_IS_LOST 15
#define NVML_ERROR_ARGUMENT_VERSION_MISMATCH 25
#define NVML_ERROR_UNKNOWN 999

/* nvmlTemperatureSensors_t and nvmlClockType_t values, as in nvml.h. */
#define NVML_TEMPERATURE_GPU 0
#define NVML_CLOCK_GRAPHICS 0
#define NVML_CLOCK_SM 1
#define NVML_CLOCK_MEM 2

typedef int nvmlReturn_t;

/* nvml.h: typedef struct nvmlDevice_st* nvmlDevice_t; the struct is opaque to callers. */
struct nvmlDevice_st {
  unsigned int index;
};
typedef struct nvmlDevice_st *nvmlDevice_t;

/* nvml.h, nvmlUtilization_st: field order gpu, memory (both unsigned int, percent). */
typedef struct nvmlUtilization_st {
  unsigned int gpu;
  unsigned int memory;
} nvmlUtilization_t;

/* nvml.h, nvmlMemory_st: field order total, free, used (unsigned long long, bytes). */
typedef struct nvmlMemory_st {
  unsigned long long total;
  unsigned long long free;
  unsigned long long used;
} nvmlMemory_t;

/* nvml.h, nvmlMemory_v2_st: version (unsigned int), then total, reserved, free, used (unsigned
 * long long, bytes). 40 bytes on x86_64: 4 bytes of padding follow version. */
typedef struct nvmlMemory_v2_st {
  unsigned int version;
  unsigned long long total;
  unsigned long long reserved;
  unsigned long long free;
  unsigned long long used;
} nvmlMemory_v2_t;

/* nvml.h: NVML_STRUCT_VERSION(Memory, 2). */
#define nvmlMemory_v2 ((unsigned int)(sizeof(nvmlMemory_v2_t) | (2 << 24U)))

/*
 * nvml.h (CUDA 12), nvmlProcessInfo_st, the type taken by nvmlDeviceGetComputeRunningProcesses_v3
 * (the same four fields as nvmlProcessInfo_v2_t): pid (unsigned int), usedGpuMemory (unsigned long
 * long, NVML_VALUE_NOT_AVAILABLE when unknown), gpuInstanceId, computeInstanceId (unsigned int,
 * 0xFFFFFFFF without MIG). 24 bytes on x86_64: 4 bytes of padding follow pid.
 */
typedef struct nvmlProcessInfo_st {
  unsigned int pid;
  unsigned long long usedGpuMemory;
  unsigned int gpuInstanceId;
  unsigned int computeInstanceId;
} nvmlProcessInfo_t;

#define MAX_DEVICES 16
#define MAX_PROCESSES 256
#define TEXT 128

enum { F_HANDLE, F_NAME, F_UUID, F_UTIL, F_MEMORY, F_MEMORY_V2, F_TEMP, F_POWER, F_CLOCK, F_PROCS,
       F_COUNT };
static const char *const FN_NAMES[F_COUNT] = {"handle", "name", "uuid", "utilization", "memory",
                                              "memory_v2", "temperature", "power", "clock",
                                              "processes"};

typedef struct {
  char name[TEXT];
  char uuid[TEXT];
  unsigned int util_gpu, util_memory, temperature, power, clock_sm, clock_memory;
  unsigned long long mem_total, mem_free, mem_used, mem_reserved;
  unsigned int process_count;
  unsigned int pids[MAX_PROCESSES];
  unsigned long long process_bytes[MAX_PROCESSES];
  int fail[F_COUNT];
  unsigned long long lost_after, lost_calls, calls;
} device_config;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct nvmlDevice_st handles[MAX_DEVICES];
static device_config devices[MAX_DEVICES];
static int configured;
static int init_code;
static int count_error;
static unsigned int device_count;
static char driver[TEXT];
static long live_inits;
static unsigned long init_calls, shutdown_calls;

static void reset(void) {
  memset(devices, 0, sizeof devices);
  init_code = NVML_SUCCESS;
  count_error = NVML_SUCCESS;
  device_count = 0;
  live_inits = 0;
  init_calls = 0;
  shutdown_calls = 0;
  strcpy(driver, "550.54.15");
  for (unsigned int i = 0; i < MAX_DEVICES; i++) {
    handles[i].index = i;
    snprintf(devices[i].name, TEXT, "Stub GPU %u", i);
    snprintf(devices[i].uuid, TEXT, "GPU-00000000-0000-0000-0000-%012u", i);
  }
}

static void copy_text(char *dst, const char *src) {
  snprintf(dst, TEXT, "%s", src);
}

static void parse_processes(device_config *d, char *value) {
  d->process_count = 0;
  for (char *item = strtok(value, ","); item != NULL && d->process_count < MAX_PROCESSES;
       item = strtok(NULL, ",")) {
    char *colon = strchr(item, ':');
    if (colon == NULL) {
      continue;
    }
    d->pids[d->process_count] = (unsigned int)strtoul(item, NULL, 10);
    d->process_bytes[d->process_count] = strtoull(colon + 1, NULL, 10);
    d->process_count++;
  }
}

static void apply_device_key(device_config *d, const char *key, char *value) {
  unsigned long long n = strtoull(value, NULL, 10);
  if (strcmp(key, "name") == 0) copy_text(d->name, value);
  else if (strcmp(key, "uuid") == 0) copy_text(d->uuid, value);
  else if (strcmp(key, "util.gpu") == 0) d->util_gpu = (unsigned int)n;
  else if (strcmp(key, "util.memory") == 0) d->util_memory = (unsigned int)n;
  else if (strcmp(key, "temperature") == 0) d->temperature = (unsigned int)n;
  else if (strcmp(key, "power") == 0) d->power = (unsigned int)n;
  else if (strcmp(key, "clock.sm") == 0) d->clock_sm = (unsigned int)n;
  else if (strcmp(key, "clock.memory") == 0) d->clock_memory = (unsigned int)n;
  else if (strcmp(key, "memory.total") == 0) d->mem_total = n;
  else if (strcmp(key, "memory.free") == 0) d->mem_free = n;
  else if (strcmp(key, "memory.used") == 0) d->mem_used = n;
  else if (strcmp(key, "memory.reserved") == 0) d->mem_reserved = n;
  else if (strcmp(key, "processes") == 0) parse_processes(d, value);
  else if (strcmp(key, "lost_after") == 0) d->lost_after = n;
  else if (strcmp(key, "lost_calls") == 0) d->lost_calls = n;
  else if (strncmp(key, "fail.", 5) == 0) {
    for (int f = 0; f < F_COUNT; f++) {
      if (strcmp(key + 5, FN_NAMES[f]) == 0) d->fail[f] = (int)n;
    }
  }
}

static int load(const char *path) {
  FILE *file = fopen(path, "r");
  if (file == NULL) {
    return -1;
  }
  reset();
  char line[4096];
  while (fgets(line, sizeof line, file) != NULL) {
    line[strcspn(line, "\r\n")] = '\0';
    char *eq = strchr(line, '=');
    if (line[0] == '#' || eq == NULL) {
      continue;
    }
    *eq = '\0';
    char *key = line;
    char *value = eq + 1;
    if (strcmp(key, "init") == 0) init_code = atoi(value);
    else if (strcmp(key, "count") == 0) device_count = (unsigned int)strtoul(value, NULL, 10);
    else if (strcmp(key, "count_error") == 0) count_error = atoi(value);
    else if (strcmp(key, "driver") == 0) copy_text(driver, value);
    else if (strncmp(key, "gpu.", 4) == 0) {
      char *rest;
      unsigned long i = strtoul(key + 4, &rest, 10);
      if (i < MAX_DEVICES && *rest == '.') apply_device_key(&devices[i], rest + 1, value);
    }
  }
  fclose(file);
  if (device_count > MAX_DEVICES) device_count = MAX_DEVICES;
  configured = 1;
  return 0;
}

/* ---- control symbols for the tests (not part of NVML) ---- */

/* A new GPU world: NVML uninitialised, every counter at zero. */
int infersight_stub_configure(const char *path) {
  pthread_mutex_lock(&lock);
  int rc = load(path);
  pthread_mutex_unlock(&lock);
  return rc;
}

/* New values for the same world: NVML stays initialised, handles stay valid; device call counts
 * (and so lost_after) start again from zero. */
int infersight_stub_update(const char *path) {
  pthread_mutex_lock(&lock);
  long inits = live_inits;
  unsigned long ic = init_calls, sc = shutdown_calls;
  int rc = load(path);
  live_inits = inits;
  init_calls = ic;
  shutdown_calls = sc;
  pthread_mutex_unlock(&lock);
  return rc;
}

unsigned long infersight_stub_init_calls(void) { return init_calls; }
unsigned long infersight_stub_shutdown_calls(void) { return shutdown_calls; }
long infersight_stub_live_inits(void) { return live_inits; }

unsigned long infersight_stub_sizeof(const char *type) {
  if (strcmp(type, "nvmlUtilization_t") == 0) return sizeof(nvmlUtilization_t);
  if (strcmp(type, "nvmlMemory_t") == 0) return sizeof(nvmlMemory_t);
  if (strcmp(type, "nvmlMemory_v2_t") == 0) return sizeof(nvmlMemory_v2_t);
  if (strcmp(type, "nvmlMemory_v2_t.total") == 0) return offsetof(nvmlMemory_v2_t, total);
  if (strcmp(type, "nvmlMemory_v2") == 0) return nvmlMemory_v2;
  if (strcmp(type, "nvmlProcessInfo_t") == 0) return sizeof(nvmlProcessInfo_t);
  if (strcmp(type, "nvmlProcessInfo_t.usedGpuMemory") == 0)
    return offsetof(nvmlProcessInfo_t, usedGpuMemory);
  return 0;
}

/* ---- NVML ---- */

/* Common entry of every device call: initialised, valid handle, scripted loss and failure. */
static int enter(nvmlDevice_t device, int fn, device_config **out) {
  if (live_inits <= 0) return NVML_ERROR_UNINITIALIZED;
  if (device == NULL || device < handles || device >= handles + device_count) {
    return NVML_ERROR_INVALID_ARGUMENT;
  }
  device_config *d = &devices[device->index];
  d->calls++;
  if (d->lost_after > 0 && d->calls > d->lost_after &&
      (d->lost_calls == 0 || d->calls <= d->lost_after + d->lost_calls)) {
    return NVML_ERROR_GPU_IS_LOST;
  }
  if (d->fail[fn] != 0) return d->fail[fn];
  *out = d;
  return NVML_SUCCESS;
}

static nvmlReturn_t copy_string(const char *src, char *dst, unsigned int length) {
  if (dst == NULL) return NVML_ERROR_INVALID_ARGUMENT;
  if (strlen(src) + 1 > length) return NVML_ERROR_INSUFFICIENT_SIZE;
  strcpy(dst, src);
  return NVML_SUCCESS;
}

nvmlReturn_t nvmlInit_v2(void) {
  pthread_mutex_lock(&lock);
  if (!configured) {
    const char *path = getenv("INFERSIGHT_NVML_STUB_CONFIG");
    if (path == NULL || load(path) != 0) reset();
    configured = 1;
  }
  init_calls++;
  int rc = init_code;
  if (rc == NVML_SUCCESS) live_inits++;
  pthread_mutex_unlock(&lock);
  return rc;
}

nvmlReturn_t nvmlShutdown(void) {
  pthread_mutex_lock(&lock);
  shutdown_calls++;
  int rc = NVML_SUCCESS;
  if (live_inits <= 0) rc = NVML_ERROR_UNINITIALIZED;
  else live_inits--;
  pthread_mutex_unlock(&lock);
  return rc;
}

const char *nvmlErrorString(nvmlReturn_t result) {
  switch (result) {
    case NVML_SUCCESS: return "Success";
    case NVML_ERROR_UNINITIALIZED: return "Uninitialized";
    case NVML_ERROR_INVALID_ARGUMENT: return "Invalid Argument";
    case NVML_ERROR_NOT_SUPPORTED: return "Not Supported";
    case NVML_ERROR_INSUFFICIENT_SIZE: return "Insufficient Size";
    case 9: return "Driver Not Loaded";
    case NVML_ERROR_GPU_IS_LOST: return "GPU is lost";
    default: return "Unknown Error";
  }
}

nvmlReturn_t nvmlSystemGetDriverVersion(char *version, unsigned int length) {
  pthread_mutex_lock(&lock);
  int rc = live_inits <= 0 ? NVML_ERROR_UNINITIALIZED : copy_string(driver, version, length);
  pthread_mutex_unlock(&lock);
  return rc;
}

nvmlReturn_t nvmlDeviceGetCount_v2(unsigned int *count) {
  pthread_mutex_lock(&lock);
  int rc = NVML_SUCCESS;
  if (live_inits <= 0) rc = NVML_ERROR_UNINITIALIZED;
  else if (count == NULL) rc = NVML_ERROR_INVALID_ARGUMENT;
  else if (count_error != NVML_SUCCESS) rc = count_error;
  else *count = device_count;
  pthread_mutex_unlock(&lock);
  return rc;
}

nvmlReturn_t nvmlDeviceGetHandleByIndex_v2(unsigned int index, nvmlDevice_t *device) {
  pthread_mutex_lock(&lock);
  int rc = NVML_SUCCESS;
  if (live_inits <= 0) rc = NVML_ERROR_UNINITIALIZED;
  else if (device == NULL || index >= device_count) rc = NVML_ERROR_INVALID_ARGUMENT;
  else if (devices[index].fail[F_HANDLE] != 0) rc = devices[index].fail[F_HANDLE];
  else *device = &handles[index];
  pthread_mutex_unlock(&lock);
  return rc;
}

#define DEVICE_CALL(fn, body)                  \
  pthread_mutex_lock(&lock);                   \
  device_config *d = NULL;                     \
  int rc = enter(device, fn, &d);              \
  if (rc == NVML_SUCCESS) {                    \
    body                                       \
  }                                            \
  pthread_mutex_unlock(&lock);                 \
  return rc;

nvmlReturn_t nvmlDeviceGetName(nvmlDevice_t device, char *name, unsigned int length) {
  DEVICE_CALL(F_NAME, rc = copy_string(d->name, name, length);)
}

nvmlReturn_t nvmlDeviceGetUUID(nvmlDevice_t device, char *uuid, unsigned int length) {
  DEVICE_CALL(F_UUID, rc = copy_string(d->uuid, uuid, length);)
}

nvmlReturn_t nvmlDeviceGetUtilizationRates(nvmlDevice_t device, nvmlUtilization_t *utilization) {
  DEVICE_CALL(F_UTIL, if (utilization == NULL) rc = NVML_ERROR_INVALID_ARGUMENT; else {
    utilization->gpu = d->util_gpu;
    utilization->memory = d->util_memory;
  })
}

nvmlReturn_t nvmlDeviceGetMemoryInfo(nvmlDevice_t device, nvmlMemory_t *memory) {
  DEVICE_CALL(F_MEMORY, if (memory == NULL) rc = NVML_ERROR_INVALID_ARGUMENT; else {
    memory->total = d->mem_total;
    memory->free = d->mem_free;
    memory->used = d->mem_used + d->mem_reserved;
  })
}

nvmlReturn_t nvmlDeviceGetMemoryInfo_v2(nvmlDevice_t device, nvmlMemory_v2_t *memory) {
  DEVICE_CALL(F_MEMORY_V2,
    if (d->fail[F_MEMORY] != 0) rc = d->fail[F_MEMORY];
    else if (memory == NULL) rc = NVML_ERROR_INVALID_ARGUMENT;
    else if (memory->version != nvmlMemory_v2) rc = NVML_ERROR_ARGUMENT_VERSION_MISMATCH;
    else {
      memory->total = d->mem_total;
      memory->reserved = d->mem_reserved;
      memory->free = d->mem_free;
      memory->used = d->mem_used;
    })
}

nvmlReturn_t nvmlDeviceGetTemperature(nvmlDevice_t device, int sensorType, unsigned int *temp) {
  DEVICE_CALL(F_TEMP, if (temp == NULL || sensorType != NVML_TEMPERATURE_GPU)
    rc = NVML_ERROR_INVALID_ARGUMENT; else *temp = d->temperature;)
}

nvmlReturn_t nvmlDeviceGetPowerUsage(nvmlDevice_t device, unsigned int *power) {
  DEVICE_CALL(F_POWER, if (power == NULL) rc = NVML_ERROR_INVALID_ARGUMENT; else *power = d->power;)
}

nvmlReturn_t nvmlDeviceGetClockInfo(nvmlDevice_t device, int type, unsigned int *clock) {
  DEVICE_CALL(F_CLOCK, if (clock == NULL) rc = NVML_ERROR_INVALID_ARGUMENT;
    else if (type == NVML_CLOCK_SM) *clock = d->clock_sm;
    else if (type == NVML_CLOCK_MEM) *clock = d->clock_memory;
    else if (type == NVML_CLOCK_GRAPHICS) *clock = d->clock_sm;
    else rc = NVML_ERROR_INVALID_ARGUMENT;)
}

nvmlReturn_t nvmlDeviceGetComputeRunningProcesses_v3(nvmlDevice_t device, unsigned int *infoCount,
                                                     nvmlProcessInfo_t *infos) {
  DEVICE_CALL(F_PROCS, if (infoCount == NULL) rc = NVML_ERROR_INVALID_ARGUMENT;
    else if (*infoCount < d->process_count) {
      *infoCount = d->process_count;
      rc = NVML_ERROR_INSUFFICIENT_SIZE;
    } else if (d->process_count > 0 && infos == NULL) rc = NVML_ERROR_INVALID_ARGUMENT;
    else {
      for (unsigned int i = 0; i < d->process_count; i++) {
        infos[i].pid = d->pids[i];
        infos[i].usedGpuMemory = d->process_bytes[i];
        infos[i].gpuInstanceId = 0xFFFFFFFFu;
        infos[i].computeInstanceId = 0xFFFFFFFFu;
      }
      *infoCount = d->process_count;
    })
}
