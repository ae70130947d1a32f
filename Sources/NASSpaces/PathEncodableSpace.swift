import NASCore

/// A space with the BANANAS path encoding (White et al. 2021): one 0/1 feature per possible
/// input-to-output path of labelled operations. NB201 (84 features) and NB101 (364) conform.
public protocol PathEncodableSpace: SearchSpace {
    /// Number of features, the length of `pathEncoding`.
    static var pathFeatureCount: Int { get }
    /// 1 where the path occurs in `arch`, else 0; shape `[pathFeatureCount]`.
    func pathEncoding(_ arch: Architecture) -> [Double]
}

extension NB201Space: PathEncodableSpace {}
extension NB101Space: PathEncodableSpace {}
