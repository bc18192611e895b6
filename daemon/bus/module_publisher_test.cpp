#include "bus/module_publisher.h"

#include "support/live_module_for_test.h"

#include <gtest/gtest.h>

using namespace modmgr;

namespace {

using Log = std::vector<std::string>;

std::string joined(const std::vector<std::string>& names) {
    std::string text;
    for (const auto& name : names)
        text += (text.empty() ? "" : ",") + name;
    return text;
}

// A module object that writes what happens to it into the bus's log.
class FakeModuleObject final : public PublishedModule {
public:
    FakeModuleObject(Log& log, std::string name) : log_(log), name_(std::move(name)) {
        log_.push_back("InterfacesAdded " + name_);
    }
    ~FakeModuleObject() override {
        if (!forgotten_)
            log_.push_back("InterfacesRemoved " + name_);
    }
    void update(const LoadedModule& module) override {
        log_.push_back("PropertiesChanged " + module.name + " refcount=" +
                       std::to_string(module.refcount));
    }
    void forget() override { forgotten_ = true; }

private:
    Log& log_;
    std::string name_;
    bool forgotten_ = false;
};

// Every announcement, in the order it went out.
class FakeModuleBus final : public ModuleBus {
public:
    Log log;

    std::unique_ptr<PublishedModule> publish_object(const LoadedModule& module) override {
        return std::make_unique<FakeModuleObject>(log, module.name);
    }
    void module_loaded(const std::string& name) override { log.push_back("ModuleLoaded " + name); }
    void module_unloaded(const std::string& name) override {
        log.push_back("ModuleUnloaded " + name);
    }
    void modules_changed(const std::vector<std::string>& loaded,
                         const std::vector<std::string>& unloaded, const Attribution& who) override {
        log.push_back("ModulesChanged +" + joined(loaded) + " -" + joined(unloaded) + " " +
                      who.action + " " + std::to_string(who.caller_uid));
    }
    void loaded_count_changed() override { log.push_back("LoadedCount"); }
};

RegistryChanges added(Snapshot modules) {
    RegistryChanges changes;
    changes.added = std::move(modules);
    return changes;
}

const Attribution kByNobody{"org.modmgr1.load", 65534};

} // namespace

TEST(ModulePublisher, ModulesFoundAtStartGetObjectsAndNoSignal) {
    FakeModuleBus bus;
    ModulePublisher publisher(bus);
    publisher.publish_found(added({live_module("udp_tunnel"), live_module("vxlan")}));
    EXPECT_EQ(bus.log, (Log{"InterfacesAdded udp_tunnel", "InterfacesAdded vxlan"}));
}

TEST(ModulePublisher, ALoadAnnouncesEachObjectBeforeItsSignalThenTheSummaryThenTheCount) {
    FakeModuleBus bus;
    ModulePublisher publisher(bus);
    publisher.publish(added({live_module("udp_tunnel"), live_module("vxlan")}), kByNobody);
    EXPECT_EQ(bus.log, (Log{"InterfacesAdded udp_tunnel", "ModuleLoaded udp_tunnel",
                            "InterfacesAdded vxlan", "ModuleLoaded vxlan",
                            "ModulesChanged +udp_tunnel,vxlan - org.modmgr1.load 65534",
                            "LoadedCount"}));
}

TEST(ModulePublisher, RemovalsGoFirstThenChangesThenArrivals) {
    FakeModuleBus bus;
    ModulePublisher publisher(bus);
    publisher.publish_found(added({live_module("udp_tunnel"), live_module("vxlan")}));
    bus.log.clear();
    RegistryChanges changes;
    changes.removed = {live_module("vxlan")};
    changes.changed = {live_module("udp_tunnel", {"dummy"})};
    changes.added = {live_module("dummy")};
    publisher.publish(changes, {});
    EXPECT_EQ(bus.log, (Log{"InterfacesRemoved vxlan", "ModuleUnloaded vxlan",
                            "PropertiesChanged udp_tunnel refcount=1", "InterfacesAdded dummy",
                            "ModuleLoaded dummy", "ModulesChanged +dummy -vxlan  -1"}))
        << "one in, one out: LoadedCount did not change";
}

TEST(ModulePublisher, ChangesAloneOnlyUpdateTheObjects) {
    FakeModuleBus bus;
    ModulePublisher publisher(bus);
    publisher.publish_found(added({live_module("udp_tunnel")}));
    bus.log.clear();
    RegistryChanges changes;
    changes.changed = {live_module("udp_tunnel", {}, 2)};
    publisher.publish(changes, {});
    EXPECT_EQ(bus.log, (Log{"PropertiesChanged udp_tunnel refcount=2"}));
}

TEST(ModulePublisher, NothingChangedSendsNothing) {
    FakeModuleBus bus;
    ModulePublisher publisher(bus);
    publisher.publish({}, kByNobody);
    EXPECT_TRUE(bus.log.empty());
}

TEST(ModulePublisher, StoppingDropsTheObjectsWithoutAnnouncingRemovals) {
    FakeModuleBus bus;
    {
        ModulePublisher publisher(bus);
        publisher.publish_found(added({live_module("dummy")}));
        bus.log.clear();
    }
    EXPECT_TRUE(bus.log.empty()) << bus.log.front();
}
