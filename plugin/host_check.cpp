// plugin/host_check.cpp -- refusing to run inside a clang of another major
// version.
//
// A clang plugin is C++ compiled against one version's headers; loaded into
// another clang it would call into classes whose layout differs and crash
// somewhere far from the cause.  The library therefore names its own LLVM
// (it is linked against it, so the dynamic linker always resolves it), and
// before any C++ static constructor of the plugin runs -- the plugin
// registries' included -- compares it with the LLVM the host process loaded
// first.  On a mismatch it says so in one line and stops the compiler.
#include "llvm/Config/llvm-config.h"

#include <dlfcn.h>
#include <link.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <unistd.h>

namespace {

// The major version in a shared LLVM library's file name, Debian style:
// libLLVM.so.19.1, libLLVM-14.so.1, libLLVM-19.so.  0 if it is not one.
int llvmMajorOf(const char *path) {
  const char *base = strrchr(path, '/');
  base = base ? base + 1 : path;
  if (strncmp(base, "libLLVM", 7) != 0)
    return 0;
  const char *p = base + 7;
  if (*p == '-')
    return atoi(p + 1);
  if (strncmp(p, ".so.", 4) == 0)
    return atoi(p + 4);
  return 0;
}

int firstLoadedLLVM(struct dl_phdr_info *info, size_t, void *data) {
  int major = info->dlpi_name ? llvmMajorOf(info->dlpi_name) : 0;
  if (major == 0)
    return 0;
  *static_cast<int *>(data) = major;
  return 1; // objects come in load order: the first one is the host's
}

__attribute__((constructor(101))) void refuseForeignHost() {
  int host = 0;
  dl_iterate_phdr(firstLoadedLLVM, &host);
  if (host == 0 || host == LLVM_VERSION_MAJOR)
    return;
  Dl_info self;
  const char *name = "racelens plugin";
  if (dladdr(reinterpret_cast<void *>(&refuseForeignHost), &self) &&
      self.dli_fname)
    name = self.dli_fname;
  fprintf(stderr,
          "racelens: error: %s is built for clang %d but this is clang %d; "
          "use the racelens plugin built for clang %d (racelens-cc picks "
          "it)\n",
          name, LLVM_VERSION_MAJOR, host, host);
  fflush(stderr);
  _exit(1);
}

} // namespace
