import Testing
import LedgerJSON
import OfficeDomain

@Suite("The incoming workflow's next steps")
struct IncomingStepsTests {
    static let received = Day("2017-01-05")!

    @Test("only an assignment before one; no answer for information only; nothing once answered or closed")
    func nextSteps() {
        #expect(IncomingState(receivedOn: Self.received).nextSteps == [.assign])
        let assigned = IncomingState(receivedOn: Self.received, assignedOn: Day("2017-01-06"))
        #expect(assigned.nextSteps == [.assign, .progress, .answer, .close])
        let forInformation = IncomingState(receivedOn: Self.received, assignedOn: Day("2017-01-06"), forInformation: true)
        #expect(forInformation.nextSteps == [.assign, .progress, .close])
        #expect(IncomingState(receivedOn: Self.received, assignedOn: Day("2017-01-06"), answeredOn: Day("2017-01-09")).nextSteps.isEmpty)
        #expect(IncomingState(receivedOn: Self.received, assignedOn: Day("2017-01-06"), closedOn: Day("2017-01-09")).nextSteps.isEmpty)
    }

    @Test("every step offered is one the rules accept, and every step withheld one they refuse")
    func offeredMatchesRules() throws {
        let rules = OfficeRules()
        let states = [
            IncomingState(receivedOn: Self.received),
            IncomingState(receivedOn: Self.received, assignedOn: Day("2017-01-06")),
            IncomingState(receivedOn: Self.received, assignedOn: Day("2017-01-06"), forInformation: true),
            IncomingState(receivedOn: Self.received, assignedOn: Day("2017-01-06"), answeredOn: Day("2017-01-09")),
            IncomingState(receivedOn: Self.received, assignedOn: Day("2017-01-06"), closedOn: Day("2017-01-09")),
        ]
        for state in states {
            let memory = MemoryState()
            memory.incomings["2017:1"] = state
            for step in IncomingStep.allCases {
                let accepted = (try? rules.decide(try Self.event(step), state: memory)) != nil
                #expect(accepted == state.nextSteps.contains(step), "\(state) \(step)")
            }
        }
    }

    static func event(_ step: IncomingStep) throws -> OfficeEvent {
        var data: JSONObject = ["year": 2017, "arrival_no": 1]
        let type: String
        switch step {
        case .assign: type = "IncomingAssigned"; data["assigned_on"] = "2017-01-10"; data["lead_unit"] = "Sở Tư pháp"
        case .progress: type = "IncomingProgressReported"; data["reported_on"] = "2017-01-10"; data["unit"] = "Sở Tư pháp"; data["note"] = "Đang làm"
        case .answer: type = "IncomingAnswered"; data["answered_on"] = "2017-01-10"
        case .close: type = "IncomingClosed"; data["closed_on"] = "2017-01-10"; data["reason"] = "Lưu"
        }
        return try OfficeEvent.decode(type: type, data: data)
    }
}
