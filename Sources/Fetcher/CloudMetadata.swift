/// Cloud instance metadata services: the one list of their addresses.
///
/// These hand out an instance's credentials to whoever asks from inside, so a link (or a redirect,
/// or a host name resolving there) must never reach them, whatever `allowPrivateAddresses` says.
/// Each entry names the documentation it comes from.
enum CloudMetadata {
    struct Service: Sendable {
        /// The address in network byte order: 4 bytes for IPv4, 16 for IPv6.
        let address: [UInt8]
        let provider: String
        let source: String
    }

    static let services: [Service] = [
        Service(address: [169, 254, 169, 254], provider: "AWS EC2, Google Cloud, Azure, Oracle Cloud, DigitalOcean, OpenStack",
                source: "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instancedata-data-retrieval.html"),
        Service(address: [0xfd, 0x00, 0x0e, 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x54], provider: "AWS EC2 (IPv6)",
                source: "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instancedata-data-retrieval.html"),
        Service(address: [169, 254, 170, 2], provider: "AWS ECS task metadata and credentials",
                source: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html"),
        Service(address: [100, 100, 100, 200], provider: "Alibaba Cloud ECS",
                source: "https://www.alibabacloud.com/help/en/ecs/user-guide/view-instance-metadata"),
        Service(address: [192, 0, 0, 192], provider: "Oracle Cloud Infrastructure Classic",
                source: "https://docs.oracle.com/en/cloud/iaas-classic/compute-iaas-cloud/stcsg/retrieving-instance-metadata.html"),
        Service(address: [168, 63, 129, 16], provider: "Azure WireServer",
                source: "https://learn.microsoft.com/en-us/azure/virtual-network/what-is-ip-address-168-63-129-16"),
    ]

    /// Whether `address` (4 or 16 bytes, network order) is one of the services.
    static func contains(_ address: [UInt8]) -> Bool {
        services.contains { $0.address == address }
    }
}
