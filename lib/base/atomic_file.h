#pragma once
// Replacing a configuration file so that a crash, a power cut or a kill at any instant
// leaves either the old content or the new one, never a mix or a truncated file: the new
// content goes to a temporary file in the same directory, is synced, renamed over the old
// one, and the directory is synced. The temporary file has a hidden name
// (".NAME.XXXXXX"), which libkmod and systemd skip, so no reader ever takes it for
// configuration.
#include <string>

namespace modmgr {

// Replaces `path` with `content` (mode 0644 whatever the process umask, since libkmod and
// systemd-modules-load read it as other users may). A missing directory is created (0755).
// Throws ModuleError(Failed) and removes the temporary file when anything fails: the old
// file is then untouched.
void write_file_atomically(const std::string& path, const std::string& content);

// Removes `path` durably; a missing file is not an error. Throws ModuleError(Failed).
void remove_file_durably(const std::string& path);

// Removes the temporary files a writer of `path` that was killed mid-write left behind.
// Only for the one writer of `path`: another's temporary file may still be in use.
void remove_stale_temp_files(const std::string& path);

} // namespace modmgr
