/*
 * rt/core/symbol.c -- the name of a goroutine's start function, for the
 * deadlock and exit reports and the `go` event.
 *
 * With the plugin, the go site names the function.  Without it (or for
 * go(fnptr, ...)), dladdr only knows exported symbols, and a student's
 * `static void worker(void *)` is not one.  So we fall back to the
 * executable's own symbol table (.symtab, present unless stripped), mapped
 * once and searched by address.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <elf.h>
#include <fcntl.h>
#include <pthread.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "park.h"

static pthread_once_t once = PTHREAD_ONCE_INIT;
static const Elf64_Sym *syms;
static size_t nsyms;
static const char *strs;
static size_t strs_size;
static bool exe_is_pie;

static void map_symtab(void) {
  int fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return;
  struct stat st;
  void *map = MAP_FAILED;
  if (fstat(fd, &st) == 0 && (size_t)st.st_size > sizeof(Elf64_Ehdr))
    map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
  close(fd);
  if (map == MAP_FAILED)
    return;
  size_t size = (size_t)st.st_size;
  const Elf64_Ehdr *eh = map;
  if (memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 ||
      eh->e_ident[EI_CLASS] != ELFCLASS64 ||
      eh->e_shentsize != sizeof(Elf64_Shdr) ||
      eh->e_shoff + (uint64_t)eh->e_shnum * sizeof(Elf64_Shdr) > size)
    return;
  exe_is_pie = eh->e_type == ET_DYN;
  const Elf64_Shdr *sh = (const Elf64_Shdr *)((const char *)map + eh->e_shoff);
  for (unsigned i = 0; i < eh->e_shnum; i++) {
    if (sh[i].sh_type != SHT_SYMTAB || sh[i].sh_link >= eh->e_shnum)
      continue;
    const Elf64_Shdr *str = &sh[sh[i].sh_link];
    if (sh[i].sh_offset + sh[i].sh_size > size ||
        str->sh_offset + str->sh_size > size)
      return;
    syms = (const Elf64_Sym *)((const char *)map + sh[i].sh_offset);
    nsyms = sh[i].sh_size / sizeof(Elf64_Sym);
    strs = (const char *)map + str->sh_offset;
    strs_size = str->sh_size;
    return;
  }
}

const char *rt_func_name(void (*fn)(void *)) {
  void *addr;
  memcpy(&addr, &fn, sizeof addr);
  Dl_info info;
  if (!fn || !dladdr(addr, &info))
    return NULL;
  if (info.dli_sname)
    return info.dli_sname;
  /* Only the main executable's table is at hand (its program headers are
   * in its first mapping). */
  Dl_info exe;
  void *phdr = (void *)getauxval(AT_PHDR);
  if (!phdr || !dladdr(phdr, &exe) || exe.dli_fbase != info.dli_fbase)
    return NULL;
  pthread_once(&once, map_symtab);
  if (!syms)
    return NULL;
  /* Symbol values are addresses in a fixed-address executable, offsets
   * from the load address in a position-independent one. */
  uintptr_t off =
      (uintptr_t)addr - (exe_is_pie ? (uintptr_t)info.dli_fbase : 0);
  for (size_t i = 0; i < nsyms; i++) {
    const Elf64_Sym *s = &syms[i];
    if (ELF64_ST_TYPE(s->st_info) == STT_FUNC && s->st_name < strs_size &&
        off >= s->st_value && off < s->st_value + (s->st_size ? s->st_size : 1))
      return strs + s->st_name;
  }
  return NULL;
}
