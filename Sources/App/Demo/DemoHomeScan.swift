import DemocracyKit
import Fluent
import Vapor

/// Demodorp's burgemeester requested a woningscan; programme staff took it and planned the visit. The address is
/// fictional, and sealed like any other. She kept no self-check answers.
enum DemoHomeScan {
    static let details = HomeScanDetails(
        phone: "06 12345678", street: "Lindelaan 12", postcode: "3999 KT", place: "Demodorp",
        availability: "Doordeweeks na 17.00 uur, of op vrijdagochtend.",
        notes: "Vorig jaar stond er een paar keer iemand 's avonds bij het hek te filmen.")

    static func run(app: Application, mayor: UUID, staff: UUID) async throws {
        guard try await HomeScanRequestRecord.query(on: app.db).filter(\.$userID == mayor).count() == 0 else { return }
        let now = app.clock.now()
        let record = HomeScanRequestRecord()
        record.userID = mayor
        record.municipalityCode = "GM9901"
        record.office = .burgemeester
        record.status = .ingepland
        record.detailsSealed = try app.secrets.seal(FlatJSON.encode(details.values))
        record.handlerID = staff
        record.plannedOn = Format.day(Format.moment(now, addingDays: 9))
        // Requested, taken and planned: three changes.
        record.version = 3
        record.requestedAt = Format.moment(now, addingDays: -12)
        record.updatedAt = Format.moment(now, addingDays: -10)
        try await record.create(on: app.db)
    }
}
