// modmgrd: owns org.modmgr1 on the system bus and serves the Manager API on the running
// kernel. Its threads are described in serve.cpp, where they are made.
#include <memory>

#include "kernel/sys_kernel.h"
#include "serve.h"

int main(int argc, char** argv) {
    return modmgr::daemon_main(argc, argv, [] { return std::make_unique<modmgr::SysKernel>(); });
}
