/// The migrator: legacy PhotoReview, CommodityPool and PointsRecord data into the unified
/// schema (issue #4). The target exists now so the package layout is final; it has no code yet.
enum MigrationModule {}
