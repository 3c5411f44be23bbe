public import LedgerJSON
import OfficeDomain

extension OfficeReport {
    /// The report's JSON shape (the keys other tools rely on), in a fixed key order.
    public var json: JSONValue {
        func pct(_ tenths: Int?) -> JSONValue { tenths.map { .double(Double($0) / 10) } ?? .null }
        var categories = JSONObject()
        for category in DocumentTypes.Category.allCases {
            categories[category.rawValue] = .int(Int64(documents.byCategory[category] ?? 0))
        }
        var byType = JSONObject()
        for (code, count) in documents.byType { byType[code] = .int(Int64(count)) }
        let docs: JSONObject = [
            "received": .int(Int64(documents.received)),
            "issued": .int(Int64(documents.issued)),
            "recalled_in_period": .int(Int64(documents.recalledInPeriod)),
            "issued_by_category": .object(categories),
            "issued_by_type": .object(byType),
        ]
        let overdue: [JSONValue] = programme.overdueItems.map { item in
            .object(["item_id": .string(item.itemID), "title": .string(item.title), "unit": .string(item.unit),
                     "due": .string(item.due.description)])
        }
        let programmeUnits: [JSONValue] = programme.byUnit.map { row in
            .object(["unit": .string(row.unit), "total": .int(Int64(row.total)), "due_in_period": .int(Int64(row.dueInPeriod)),
                     "approved_in_period": .int(Int64(row.approvedInPeriod)), "overdue": .int(Int64(row.overdue))])
        }
        let prog: JSONObject = [
            "year": .int(Int64(programme.year)),
            "total": .int(Int64(programme.total)),
            "due_in_period": .int(Int64(programme.dueInPeriod)),
            "approved_in_period": .int(Int64(programme.approvedInPeriod)),
            "pct_of_period_target": pct(programme.pctOfPeriodTargetTenths),
            "pct_of_year": pct(programme.pctOfYearTenths),
            "overdue_count": .int(Int64(programme.overdueItems.count)),
            "overdue_items": .array(overdue),
            "by_unit": .array(programmeUnits),
        ]
        func buckets(_ counts: [DirectiveBucket: Int], into object: inout JSONObject) {
            for bucket in DirectiveBucket.allCases { object[bucket.rawValue] = .int(Int64(counts[bucket] ?? 0)) }
        }
        var dirs: JSONObject = ["issued": .int(Int64(directives.issued))]
        buckets(directives.counts, into: &dirs)
        dirs["by_unit"] = .array(directives.byUnit.map { row in
            var object: JSONObject = ["unit": .string(row.unit), "issued": .int(Int64(row.issued))]
            buckets(row.counts, into: &object)
            return .object(object)
        })
        func incomingBuckets(_ counts: [IncomingBucket: Int], into object: inout JSONObject) {
            for bucket in IncomingBucket.allCases { object[bucket.rawValue] = .int(Int64(counts[bucket] ?? 0)) }
        }
        var inc: JSONObject = ["assigned": .int(Int64(incoming.assigned)), "for_information": .int(Int64(incoming.forInformation))]
        incomingBuckets(incoming.counts, into: &inc)
        inc["unassigned"] = .int(Int64(incoming.unassigned))
        inc["by_unit"] = .array(incoming.byUnit.map { row in
            var object: JSONObject = ["unit": .string(row.unit), "assigned": .int(Int64(row.assigned)),
                                      "for_information": .int(Int64(row.forInformation))]
            incomingBuckets(row.counts, into: &object)
            return .object(object)
        })
        return .object([
            "period": .object(["from": .string(period.from.description), "to": .string(period.to.description)]),
            "as_of": asOf.map(JSONValue.string) ?? .null,
            "documents": .object(docs),
            "programme": .object(prog),
            "directives": .object(dirs),
            "incoming": .object(inc),
        ])
    }
}
