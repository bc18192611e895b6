// modmgrd-simulated: TESTS ONLY, never installed. The real modmgrd (the same daemon_main and
// serve) on the simulated kernel, for the bus tests on machines without module support:
//   modmgrd-simulated STATE_FILE [modmgrd options...]
// Nothing is loaded into any kernel; STATE_FILE holds what the simulation says is loaded.
#include <spdlog/spdlog.h>

#include <cstdio>
#include <memory>

#include "serve.h"
#include "support/simulated_kernel.h"

int main(int argc, char** argv) {
    if (argc < 2 || argv[1][0] == '-') {
        std::fprintf(stderr, "usage: %s STATE_FILE [modmgrd options...]\n", argv[0]);
        return 2;
    }
    const std::string state_file = argv[1];
    argv[1] = argv[0];
    return modmgr::daemon_main(argc - 1, argv + 1, [&state_file] {
        spdlog::warn("TEST MODE: simulating the kernel in {}; no module will really be loaded",
                     state_file);
        return std::make_unique<modmgr::SimulatedKernel>(state_file);
    });
}
