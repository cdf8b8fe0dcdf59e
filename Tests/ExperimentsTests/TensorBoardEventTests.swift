import Experiments
import Foundation
import Testing

/// The bytes of TensorBoard event files: checksums, framing and the `Event` encoding.
@Suite struct TensorBoardEventTests {
    /// Published check values: "123456789" (the CRC catalogue's check) and RFC 3720's 32 zero bytes,
    /// 32 bytes of 0xFF and 32 ascending bytes.
    @Test func crc32cMatchesPublishedCheckValues() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        #expect(CRC32C.checksum([UInt8](repeating: 0xFF, count: 32)) == 0x62A8_AB43)
        #expect(CRC32C.checksum((0..<32).map(UInt8.init)) == 0x46DD_794E)
        #expect(CRC32C.checksum([]) == 0)
    }

    /// ((crc >> 15) | (crc << 17)) + 0xa282ead8: for "123456789", 0xE3069283 rotated is 0x25071C0D.
    @Test func maskedChecksumRotatesAndAddsTheConstant() {
        #expect(CRC32C.masked(Array("123456789".utf8)) == 0xC78A_B0E5)
        #expect(CRC32C.masked([]) == 0xA282_EAD8)
    }

    /// One scalar event, byte for byte: wall_time 1.5 (field 1, fixed64), step 300 (field 2,
    /// varint AC 02), summary (field 5) of one value: tag "train/loss" (field 1), simple_value 0.25
    /// (field 2, fixed32 0x3E800000); framed with its length and masked checksums.
    @Test func oneEventEncodesToHandComputedBytes() {
        let event = TensorBoardEvent(
            wallTime: 1.5, step: 300, content: .scalars([TensorBoardScalar(tag: "train/loss", value: 0.25)]))
        let value: [UInt8] = [0x0A, 0x0A] + Array("train/loss".utf8) + [0x15, 0x00, 0x00, 0x80, 0x3E]
        let summary: [UInt8] = [0x0A, UInt8(value.count)] + value
        let expected: [UInt8] =
            [0x09, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xF8, 0x3F] + [0x10, 0xAC, 0x02]
            + [0x2A, UInt8(summary.count)] + summary
        #expect(event.encoded == expected)
        #expect(expected.count == 33)
        let framed = TFRecord.framed(expected)
        #expect(Array(framed.prefix(12)) == [0x21, 0, 0, 0, 0, 0, 0, 0, 0x01, 0x7B, 0xEC, 0xF6])
        #expect(Array(framed[12..<45]) == expected)
        #expect(Array(framed.suffix(4)) == [0x65, 0x57, 0x98, 0x1F])
    }

    /// The first event of a file: wall time, no step (0 is proto3's default), file_version (field 3).
    @Test func fileVersionEventEncodesTheVersionString() {
        let event = TensorBoardEvent(wallTime: 1_765_000_000, step: 0, content: .fileVersion(TensorBoardEvent.fileVersion))
        let expected: [UInt8] = [0x09, 0, 0, 0, 0xD0, 0xF0, 0x4C, 0xDA, 0x41, 0x1A, 0x0D] + Array("brain.Event:2".utf8)
        #expect(event.encoded == expected)
    }

    /// Tags are `<phase>/<figure>`; a training record's rate and throughput follow its loss and accuracy.
    @Test func recordTagsFollowThePhase() {
        let train = MetricsRecord(
            iteration: 4, phase: .train, loss: 1.25, accuracy: 0.5, seconds: 2, learningRate: 0.001, imagesPerSecond: 640)
        #expect(train.tensorBoardScalars.map(\.tag) == ["train/loss", "train/accuracy", "train/learning_rate", "train/images_per_second"])
        #expect(train.tensorBoardScalars.map(\.value) == [1.25, 0.5, Float(0.001), 640])
        let validation = MetricsRecord(iteration: 4, phase: .validation, loss: 1, accuracy: 0.75, seconds: 3)
        #expect(validation.tensorBoardScalars.map(\.tag) == ["validation/loss", "validation/accuracy"])
        let event = validation.tensorBoardEvent(startTime: 1000)
        #expect(event.step == 4 && event.wallTime == 1003)
    }
}
