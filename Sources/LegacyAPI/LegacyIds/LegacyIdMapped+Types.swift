import V4Contract

// Which V4 values carry ids of migrated rows, and which way each one is mapped.

extension V4PhotoPath: LegacyIdMapped {
    func toV4(_ map: LegacyIdMap) -> Self { Self(id: map.v4Upload(id)) }
}

extension V4PhotoReviewRequest: LegacyIdMapped {
    func toV4(_ map: LegacyIdMap) -> Self {
        var copy = self
        copy.resourceId = map.v4Upload(resourceId)
        return copy
    }
}

extension V4PhotoUpload: LegacyIdMapped {
    func toLegacy(_ map: LegacyIdMap) -> Self {
        var copy = self
        if let uploadId = map.legacyUploadId(v4: resourceId) { copy.uploadId = uploadId }
        copy.resourceId = map.legacy(.uploads, resourceId)
        return copy
    }
}

extension V4PhotoUploads: LegacyIdMapped {
    func toLegacy(_ map: LegacyIdMap) -> Self {
        var copy = self
        copy.uploads = uploads.map { $0.toLegacy(map) }
        return copy
    }
}

extension V4PointsTransactions: LegacyIdMapped {
    func toLegacy(_ map: LegacyIdMap) -> Self {
        var copy = self
        copy.transactions = transactions.map { transaction in
            var transaction = transaction
            transaction.transactionId = map.legacy(.points, transaction.transactionId)
            return transaction
        }
        return copy
    }
}

extension V4ProductList: LegacyIdMapped {
    func toLegacy(_ map: LegacyIdMap) -> Self {
        var copy = self
        copy.products = products.map { product in
            var product = product
            product.id = map.legacy(.products, product.id)
            return product
        }
        return copy
    }
}

extension V4ExchangeRequest: LegacyIdMapped {
    func toV4(_ map: LegacyIdMap) -> Self {
        var copy = self
        copy.productId = productId.map { map.v4(.products, $0) }
        return copy
    }
}

extension V4ExchangeRecords: LegacyIdMapped {
    func toLegacy(_ map: LegacyIdMap) -> Self {
        var copy = self
        copy.records = records.map { record in
            var record = record
            record.productId = map.legacy(.products, record.productId)
            return record
        }
        return copy
    }
}
