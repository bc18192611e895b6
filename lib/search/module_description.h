#pragma once
// The description of a module file of the module tree (modinfo's "description"), read for
// SearchModules' index: ~4000 files at a time, so only the pieces that hold it are read
// (elf_sections.h: the ELF header, the section tables, then the .modinfo section), not the
// megabytes around them, and split and typed as Info does (modinfo_fields.h). A compressed
// file (xz, zstd) is decompressed first, within ModuleFileLimits, as LoadFile's are.
#include <string>

#include "image/module_image.h"

namespace modmgr {

// "" when the module declares none; a repeated description is every value, one per line.
// Throws ModuleError (NotFound, InvalidArgument, Failed) naming what is wrong with the file.
std::string module_file_description(const std::string& path, const ModuleFileLimits& limits = {});

} // namespace modmgr
