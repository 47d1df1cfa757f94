"""The machine a benchmark ran on, as tests/bench/machine.hpp says it: "CPU model, N cores,
M GiB RAM". Every benchmark table states it."""
import os


def machine_description():
    model = "unknown CPU"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    gib = 0.0
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                gib = float(line.split()[1]) / (1024.0 * 1024.0)
                break
    return f"{model}, {os.cpu_count()} cores, {int(gib + 0.5)} GiB RAM"
