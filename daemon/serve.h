#pragma once
// modmgrd from its parsed command line to its stop: owns org.modmgr1, serves the Manager API
// on `kernel` until SIGTERM, and returns the exit code. The shipped modmgrd passes the running
// kernel (SysKernel); tests pass a test double of their own, from their own executable.
#include "kernel/kernel_port.h"
#include "runtime/daemon_options.h"

#include <functional>
#include <memory>

namespace modmgr {

int serve(const DaemonOptions& options, KernelPort& kernel);

// Everything of main() but the choice of kernel: memory tuning, options, logging, and the
// last word on an exception. `kernel` is made once the options are parsed.
int daemon_main(int argc, char** argv, const std::function<std::unique_ptr<KernelPort>()>& kernel);

} // namespace modmgr
