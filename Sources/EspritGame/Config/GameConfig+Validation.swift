extension GameConfig {
    /// Checks what the types cannot: ranges, sums, and that every tier has Esprits.
    ///
    /// - Throws: the first ``ConfigError`` found, with the key path and the reason.
    public func validate() throws(ConfigError) {
        try require(players.nameMinLength >= 1 && players.nameMinLength <= players.nameMaxLength, "players.nameMinLength", "must be 1 to nameMaxLength")
        // Names travel in HELLO-sized frames before LOGIN and in error messages: keep them short.
        try require(players.nameMaxLength <= 64, "players.nameMaxLength", "must be at most 64")
        try nonNegative(players.startingLumees, "players.startingLumees")
        try nonNegative(players.startingRevies, "players.startingRevies")
        try require((0...Element.allCases.count).contains(players.starterEsprits), "players.starterEsprits", "must be 0–\(Element.allCases.count) (one per element)")
        try tier(players.starterTier, "players.starterTier")
        try require(currencies.maxBalance > 0, "currencies.maxBalance", "must be positive")
        try require(energy.base > 0, "energy.base", "must be positive")
        try nonNegative(energy.perLevel, "energy.perLevel")
        try require(energy.regenSeconds > 0, "energy.regenSeconds", "must be positive")
        try require(energy.cap >= maxEnergy(level: levels.maxLevel), "energy.cap", "must be at least the maximum energy of the top level")
        try require(levels.xpBase > 0, "levels.xpBase", "must be positive")
        try require(levels.xpExponent >= 0, "levels.xpExponent", "must not be negative")
        try require(levels.maxLevel >= 1, "levels.maxLevel", "must be at least 1")
        try nonNegative(levels.levelUpRevies, "levels.levelUpRevies")
        try require(esprits.maxTier >= 1, "esprits.maxTier", "must be at least 1")
        try require(esprits.maxStacks >= 1, "esprits.maxStacks", "must be at least 1")
        try require(esprits.maxCount >= 2, "esprits.maxCount", "must be at least 2")
        try require(esprits.maxStars >= 0, "esprits.maxStars", "must not be negative")
        try fraction(power.starBonus, "power.starBonus", upTo: 100)
        try require(power.teamSize >= 1, "power.teamSize", "must be at least 1")
        try fraction(power.leaderBonus, "power.leaderBonus", upTo: 100)
        try nonNegative(fusion.costBase, "fusion.costBase")
        try fraction(fusion.successStart, "fusion.successStart")
        try fraction(fusion.successDropPerTier, "fusion.successDropPerTier")
        try fraction(fusion.successFloor, "fusion.successFloor")
        try nonNegative(fusion.failureShardsPerTier, "fusion.failureShardsPerTier")
        try nonNegative(awakening.costBase, "awakening.costBase")
        try tier(crafting.maxTier, "crafting.maxTier")
        try nonNegative(crafting.shardsBase, "crafting.shardsBase")
        try validateSummons()
        try validateDaily()
        try validateQuests()
        try validateBuildings()
        try validateCatalog()
    }

    private func validateSummons() throws(ConfigError) {
        try require(!summons.banners.isEmpty, "summons.banners", "needs at least one banner")
        var ids = Set<String>()
        for (index, banner) in summons.banners.enumerated() {
            let path = "summons.banners[\(index)]"
            try require(!banner.id.isEmpty && ids.insert(banner.id).inserted, path + ".id", "must be non-empty and unique")
            try nonNegative(banner.singleCost, path + ".singleCost")
            try nonNegative(banner.tenCost, path + ".tenCost")
            try weights(banner.tierWeights.map(\.weight), path + ".tierWeights")
            for (weightIndex, weight) in banner.tierWeights.enumerated() {
                try tier(weight.tier, path + ".tierWeights[\(weightIndex)].tier")
            }
            try require(banner.pityPulls >= 1, path + ".pityPulls", "must be at least 1")
            try tier(banner.pityTier, path + ".pityTier")
            try tier(banner.tenPullMinTier, path + ".tenPullMinTier")
        }
    }

    private func validateDaily() throws(ConfigError) {
        try fraction(daily.streakBonusPerDay, "daily.streakBonusPerDay", upTo: 100)
        try fraction(daily.streakBonusMax, "daily.streakBonusMax", upTo: 100)
        try weights(daily.echoTable.map(\.weight), "daily.echoTable")
        for (index, outcome) in daily.echoTable.enumerated() {
            let path = "daily.echoTable[\(index)]"
            if outcome.reward == .esprit {
                try tier(outcome.tier, path + ".tier")
            } else {
                try nonNegative(outcome.min, path + ".min")
                try require(outcome.max >= outcome.min, path + ".max", "must be at least min")
            }
        }
    }

    private func validateQuests() throws(ConfigError) {
        try require(quests.zones >= 1, "quests.zones", "must be at least 1")
        try require(quests.levelBase >= 1, "quests.levelBase", "must be at least 1")
        try require(quests.levelPerZone >= 0, "quests.levelPerZone", "must not be negative")
        try nonNegative(quests.energyBase, "quests.energyBase")
        try nonNegative(quests.energyPerZone, "quests.energyPerZone")
        try nonNegative(quests.xpPerZone, "quests.xpPerZone")
        try nonNegative(quests.lumeesPerZone, "quests.lumeesPerZone")
        try fraction(quests.lumeesSpread, "quests.lumeesSpread")
        try fraction(quests.captureChance, "quests.captureChance")
        try require(quests.zonesPerCaptureTier >= 1, "quests.zonesPerCaptureTier", "must be at least 1")
        try tier(quests.captureMaxTier, "quests.captureMaxTier")
    }

    private func validateBuildings() throws(ConfigError) {
        var types = Set<String>()
        for (index, building) in buildings.enumerated() {
            let path = "buildings[\(index)]"
            try require(!building.type.isEmpty && types.insert(building.type).inserted, path + ".type", "must be non-empty and unique")
            try require(building.maxLevel >= 1, path + ".maxLevel", "must be at least 1")
            try nonNegative(building.ratePerLevel, path + ".ratePerLevel")
            try nonNegative(building.capacityHours, path + ".capacityHours")
            try nonNegative(building.buildCost, path + ".buildCost")
            try nonNegative(building.upgradeCostBase, path + ".upgradeCostBase")
        }
    }

    private func validateCatalog() throws(ConfigError) {
        var ids = Set<UInt32>()
        var names = Set<String>()
        var covered = Set<[Int]>()
        for (index, esprit) in catalog.enumerated() {
            let path = "catalog[\(index)]"
            try require(esprit.id > 0 && ids.insert(esprit.id).inserted, path + ".id", "must be positive and unique")
            try require(!esprit.name.isEmpty && names.insert(esprit.name.lowercased()).inserted, path + ".name", "must be non-empty and unique")
            try tier(esprit.tier, path + ".tier")
            try nonNegative(esprit.atk, path + ".atk")
            try nonNegative(esprit.def, path + ".def")
            try nonNegative(esprit.hp, path + ".hp")
            covered.insert([Int(esprit.element.rawValue), esprit.tier])
        }
        for tier in 1...esprits.maxTier {
            for element in Element.allCases where !covered.contains([Int(element.rawValue), tier]) {
                throw ConfigError(path: "catalog", reason: "no \(element.name) Esprit of tier \(tier)")
            }
        }
    }

    private func require(_ condition: Bool, _ path: String, _ reason: String) throws(ConfigError) {
        guard condition else { throw ConfigError(path: path, reason: reason) }
    }

    private func nonNegative(_ value: Int64, _ path: String) throws(ConfigError) {
        try require(value >= 0, path, "must not be negative, got \(value)")
    }

    private func fraction(_ value: Double, _ path: String, upTo limit: Double = 1) throws(ConfigError) {
        try require(value >= 0 && value <= limit, path, "must be between 0 and \(limit), got \(value)")
    }

    private func tier(_ value: Int, _ path: String) throws(ConfigError) {
        try require((1...esprits.maxTier).contains(value), path, "must be a tier from 1 to \(esprits.maxTier), got \(value)")
    }

    private func weights(_ values: [Int], _ path: String) throws(ConfigError) {
        try require(!values.isEmpty && values.allSatisfy { $0 >= 0 }, path, "weights must not be negative")
        try require(values.reduce(0, +) > 0, path, "weights must not sum to 0")
    }
}
