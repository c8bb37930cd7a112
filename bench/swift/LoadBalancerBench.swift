import DroverLoadBalancer
import DroverModel
import Foundation

/// `drover-bench render-lb`: renders the HAProxy configuration of a load balancer with `sections` host rules on port
/// 80, each to its own service, `backends` running targets spread over them, `runs` times; prints each run's time
/// and writes the configuration to `--out` (so HAProxy can read the same file). With `addresses`, the balancer is
/// instead one rule, port 80 to port 8080 of a service `web` running at those addresses (bench/lb_reload.sh).
enum LoadBalancerBench {
    static func run(backends: Int, sections: Int, runs: Int, out: String?, addresses: [String]? = nil) throws {
        var rules = (1...sections).map { PortRule(sourcePort: 80, targetPort: 8080, service: "svc\($0)", hostname: "svc\($0).example.com") }
        let check = HealthCheck(port: 8080, requestLine: "GET /health HTTP/1.0")
        var targets = (0..<backends).map { index in
            LoadBalancerTarget(name: "app-svc\(index % sections + 1)-\(index / sections + 1)", address: "10.\(42 + index / 65_025).\(index / 255 % 255).\(index % 255 + 1)",
                               service: "app/svc\(index % sections + 1)", healthCheck: check)
        }
        if let addresses {
            rules = [PortRule(sourcePort: 80, targetPort: 8080, service: "web")]
            targets = addresses.enumerated().map { LoadBalancerTarget(name: "app-web-\($0.offset + 1)", address: $0.element, service: "app/web") }
        }
        let input = LoadBalancerInput(stack: "app", config: LBConfig(portRules: rules), targets: targets)
        var text = ""
        for _ in 0..<runs {
            let start = Date()
            text = try HAProxyRenderer.render(input)
            print("render_ms=\(Date().timeIntervalSince(start) * 1000)")
        }
        if let out { try text.write(toFile: out, atomically: true, encoding: .utf8) }
    }
}
