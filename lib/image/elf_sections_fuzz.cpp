// A caller's module file, as modmgrd sizes it up before libkmod parses it: the section table
// of any bytes. Every section found must lie inside the file, and a malformed file must be
// a ModuleError, nothing else.
#include <cstddef>
#include <cstdint>

#include "base/module_error.h"
#include "fuzz_check.h"
#include "image/elf_sections.h"

using namespace modmgr;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    try {
        for (const char* name : {".modinfo", ".shstrtab", ".text"}) {
            const auto section = find_elf_section(data, size, name);
            if (!section)
                continue;
            FUZZ_CHECK(section->offset <= size && section->size <= size - section->offset);
            FUZZ_CHECK(count_modinfo_entries(data + section->offset, section->size) <= section->size);
        }
    } catch (const ModuleError& e) {
        FUZZ_CHECK(e.code() == ErrorCode::InvalidArgument);
    }
    return 0;
}
