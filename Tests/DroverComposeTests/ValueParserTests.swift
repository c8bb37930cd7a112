@testable import DroverCompose
import DroverModel
import XCTest

final class ValueParserTests: XCTestCase {
    func testPortForms() throws {
        let cases: [(String, PortMapping)] = [
            ("80", PortMapping(containerPort: 80)),
            ("8080:80", PortMapping(hostPort: 8080, containerPort: 80)),
            (":9000/tcp", PortMapping(containerPort: 9000)),
            ("127.0.0.1:53:53/udp", PortMapping(hostIp: "127.0.0.1", hostPort: 53, containerPort: 53, protocol: "udp")),
            ("127.0.0.1::80", PortMapping(hostIp: "127.0.0.1", containerPort: 80)),
            ("3000-3002:4000-4002", PortMapping(hostPort: 3000, hostPortEnd: 3002, containerPort: 4000, containerPortEnd: 4002)),
            ("8000-8010:80", PortMapping(hostPort: 8000, hostPortEnd: 8010, containerPort: 80)),
        ]
        for (text, expected) in cases {
            XCTAssertEqual(try PortParser.parse(text), expected, text)
        }
    }

    func testBadPorts() {
        let cases: [(String, String)] = [
            ("80:70000", "\"80:70000\": \"70000\" is not a port number (1-65535)"),
            ("80/sctpx", "\"80/sctpx\" has protocol \"sctpx\" (allowed: tcp, udp, sctp)"),
            ("1:2:3:4", "\"1:2:3:4\" is not a port mapping (expected [ip:][host:]container[/protocol])"),
            ("3000-3001:4000-4005", "\"3000-3001:4000-4005\": host range and container range differ in size"),
            ("90-80", "\"90-80\": range 90-80 ends before it starts"),
        ]
        for (text, message) in cases {
            XCTAssertThrowsError(try PortParser.parse(text), text) { XCTAssertEqual(($0 as! PortParser.Invalid).message, message) }
        }
    }

    func testVolumeForms() throws {
        XCTAssertEqual(try VolumeParser.parse("/data"), VolumeMount(target: "/data"))
        XCTAssertEqual(try VolumeParser.parse("/data:ro"), VolumeMount(target: "/data", options: ["ro"]))
        XCTAssertEqual(try VolumeParser.parse("name:/data"), VolumeMount(source: "name", target: "/data"))
        XCTAssertEqual(try VolumeParser.parse("/a:/b:ro,rprivate"), VolumeMount(source: "/a", target: "/b", options: ["ro", "rprivate"]))
        XCTAssertTrue(try VolumeParser.parse("./conf:/etc/x").isBind)
        XCTAssertThrowsError(try VolumeParser.parse("/a:/b:rx")) {
            XCTAssertTrue(($0 as! VolumeParser.Invalid).message.hasPrefix("\"/a:/b:rx\" has mode \"rx\" (allowed: ro, rw,"))
        }
    }

    func testUnitsAndShellWords() throws {
        XCTAssertEqual(Units.bytes("512m"), 512 << 20)
        XCTAssertEqual(Units.bytes("1gb"), 1 << 30)
        XCTAssertEqual(Units.bytes("1.5k"), 1536)
        XCTAssertNil(Units.bytes("lots"))
        XCTAssertEqual(Units.seconds("1m30s"), 90)
        XCTAssertEqual(Units.seconds("500ms"), 0.5)
        XCTAssertEqual(Units.seconds("1h"), 3600)
        XCTAssertNil(Units.seconds("soon"))
        XCTAssertEqual(try ShellWords.split(#"sh -c 'echo "hi there"' a\ b "x\"y""#), ["sh", "-c", #"echo "hi there""#, "a b", #"x"y"#])
        XCTAssertThrowsError(try ShellWords.split("echo 'unclosed"))
    }

    func testEnvFile() throws {
        let text = "# comment\n\nA=1\nexport B = \"two\"\nC\nD='x=y'\n"
        XCTAssertEqual(try EnvFile.parse(text, file: "e", environment: ["C": "env"]), ["A": "1", "B": "two", "C": "env", "D": "x=y"])
        XCTAssertThrowsError(try EnvFile.parse("ok=1\nnot valid line\n", file: "e")) {
            XCTAssertEqual(($0 as! EnvFile.Invalid).description, "e:2:1: \"not valid line\" is not KEY=VALUE")
        }
    }
}
