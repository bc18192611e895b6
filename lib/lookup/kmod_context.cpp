#include "lookup/kmod_context.h"

#include <libkmod.h>

#include <filesystem>
#include <system_error>

#include "base/module_error.h"

namespace modmgr {

namespace {

// Every config directory and every entry in it, as stat(2) sees them (config_stamp.h): an
// edit changes the file's stamp, a creation, removal or rename its directory's.
ConfigStamp stamp_of(const std::vector<std::string>& paths) {
    ConfigStamp stamp;
    for (const auto& path : paths) {
        stamp.add(path);
        std::error_code ec;
        if (!std::filesystem::is_directory(path, ec))
            continue;
        for (const auto& entry : std::filesystem::directory_iterator(path, ec))
            stamp.add(entry.path().string());
    }
    return stamp;
}

// `config_paths` null means libkmod's defaults; a list holding only nullptr means none.
kmod_ctx* new_context(const std::string& modules_dir, const char* const* config_paths) {
    kmod_ctx* ctx = kmod_new(modules_dir.empty() ? nullptr : modules_dir.c_str(), config_paths);
    if (ctx == nullptr)
        throw ModuleError(ErrorCode::Failed,
                          "cannot create a libkmod context for " +
                              (modules_dir.empty() ? std::string("the running kernel")
                                                   : modules_dir));
    // Without indexes (no depmod run yet) libkmod still works, reading the index files on
    // every lookup; with them it memory-maps them once, and kmod_validate_resources() can
    // tell when depmod replaced them.
    kmod_load_resources(ctx);
    return ctx;
}

kmod_ctx* new_configured_context(const KmodSettings& settings) {
    // Under the real root, libkmod's own defaults (the same list ConfigLayout names).
    if (settings.config_paths.empty() && settings.config_root.empty())
        return new_context(settings.modules_dir, nullptr);
    const auto layout = settings.layout();
    std::vector<const char*> paths;
    for (const auto& path : layout.modprobe_paths)
        paths.push_back(path.c_str());
    paths.push_back(nullptr);
    return new_context(settings.modules_dir, paths.data());
}

kmod_ctx* new_bare_context(const KmodSettings& settings) {
    const char* no_config[] = {nullptr};
    return new_context(settings.modules_dir, no_config);
}

} // namespace

KmodContext::KmodContext(KmodSettings settings) : settings_(std::move(settings)) {}

KmodContext::~KmodContext() {
    kmod_unref(bare_ctx_);
    kmod_unref(ctx_);
}

void KmodContext::renew_notice() {
    if (!notice_.fired())
        return;
    // Both contexts': the modules directory, where depmod renames new indexes into place,
    // and the config files ctx_ was made from. Before either context exists there is nothing
    // to check; making one disarms the notice, so it is armed on the full list next time.
    std::vector<std::string> paths = config_stamp_.paths();
    kmod_ctx* any = ctx_ != nullptr ? ctx_ : bare_ctx_;
    if (any != nullptr && kmod_get_dirname(any) != nullptr)
        paths.emplace_back(kmod_get_dirname(any));
    notice_.arm(paths);
}

kmod_ctx* KmodContext::get() {
    // The checks run once per arming, after it (change_notice.h): a change before the
    // arming fails them, one after it fires the notice.
    renew_notice();
    if (ctx_ == nullptr || !notice_.holds(ctx_verified_, [this] {
            return config_stamp_.current() &&
                   kmod_validate_resources(ctx_) == KMOD_RESOURCES_OK;
        })) {
        // Stamped before the new context reads the files, so an edit racing with the reload
        // triggers another reload rather than being missed.
        ConfigStamp stamp = stamp_of(effective_config_paths());
        kmod_ctx* fresh = new_configured_context(settings_);
        kmod_unref(ctx_);
        ctx_ = fresh;
        config_stamp_ = std::move(stamp);
        notice_.disarm();
    }
    return ctx_;
}

kmod_ctx* KmodContext::get_without_config() {
    renew_notice();
    if (bare_ctx_ == nullptr || !notice_.holds(bare_verified_, [this] {
            return kmod_validate_resources(bare_ctx_) == KMOD_RESOURCES_OK;
        })) {
        kmod_ctx* fresh = new_bare_context(settings_);
        kmod_unref(bare_ctx_);
        bare_ctx_ = fresh;
        notice_.disarm();
    }
    return bare_ctx_;
}

std::string KmodContext::modules_dir() {
    const char* dir = kmod_get_dirname(get_without_config());
    return dir == nullptr ? std::string() : std::string(dir);
}

std::vector<std::string> KmodContext::effective_config_paths() const {
    return settings_.layout().modprobe_paths;
}

} // namespace modmgr
