import Dispatch
import Foundation
import SeededRandom

/// The data pipeline's throughput figures, as `metalearn bench --json` reports them.
public struct DataBenchmarkResult: Sendable, Hashable, Codable {
    /// Images in the benchmarked tree.
    public let images: Int
    /// Cold decode + resize (no cache) on all cores, images per second.
    public let decodeImagesPerSecond: Double
    /// Seconds the cold decode took.
    public let decodeSeconds: Double
    /// Seconds to load the same images from a warm cache.
    public let cacheLoadSeconds: Double
    /// `decodeSeconds / cacheLoadSeconds`.
    public let cacheSpeedup: Double
    /// 5-way 1-shot 15-query episodes sampled into meta-batch tensors per second, on one thread
    /// (as `EpisodePrefetcher` draws them).
    public let episodesPerSecond: Double
}

/// The colour JPEG figures, as `metalearn bench --json` reports them.
public struct JPEGBenchmarkResult: Sendable, Hashable, Codable {
    /// Images in the benchmarked tree.
    public let images: Int
    /// Reading and decoding alone, at the DCT scale the loader picks (no resize, nothing stored),
    /// on all cores as the loader spreads them, images per second: the loader's ceiling.
    public let scaledDecodeOnlyImagesPerSecond: Double
    /// Cold decode (libjpeg-turbo, DCT-scaled) + antialiased resize, no cache, on all cores, images per second.
    public let decodeImagesPerSecond: Double
    /// Bytes held in memory per decoded image.
    public let bytesPerImage: Double
}

/// Benchmarks of the data pipeline on a real tree.
public enum DataBenchmark {
    /// Decodes the JPEG tree at `root` cold (no cache) to `transform` (default: 84x84 RGB, squashed,
    /// area filter, 8-bit storage, the miniImageNet setting), the best of `repeats` runs, and
    /// reports the rate, the rate of decoding alone (`scaledDecodeSeconds`, each run right before
    /// a loading run) and the bytes held per image. Throws `DatasetError` for an unusable tree.
    public static func jpeg(
        root: String, transform: ImageTransform = ImageTransform(imageSize: 84, format: .rgb, storage: .uint8),
        repeats: Int = 3
    ) throws(DatasetError) -> JPEGBenchmarkResult {
        let index = try DatasetIndex(root: root)
        var best = Double.infinity
        var bestDecodeOnly = Double.infinity
        var dataset: ImageDataset?
        for _ in 0..<max(1, repeats) {
            bestDecodeOnly = min(bestDecodeOnly, scaledDecodeSeconds(index.files, transform: transform))
            dataset = nil  // the previous images are freed before the next run decodes
            let start = DispatchTime.now()
            dataset = try ImageDataset.load(index: index, transform: transform, options: .uncached)
            best = min(best, seconds(since: start))
        }
        let images = dataset!.imageCount
        return JPEGBenchmarkResult(
            images: images, scaledDecodeOnlyImagesPerSecond: Double(index.imageCount) / bestDecodeOnly,
            decodeImagesPerSecond: Double(images) / best, bytesPerImage: Double(dataset!.bytesHeld) / Double(images))
    }

    /// Seconds to read and decode `files` as the loader does for `transform` (at the DCT scale it
    /// picks for `transform.imageSize`, on all cores in its chunks), keeping nothing: no resize,
    /// no crop, no stored samples.
    static func scaledDecodeSeconds(_ files: [DatasetIndex.File], transform: ImageTransform) -> Double {
        let start = DispatchTime.now()
        ImageDecoder.inChunks(of: files.count) { chunk in
            for i in chunk {
                _ = try? ImageFile.read(atPath: files[i].path, as: transform.format, minimumSide: transform.imageSize)
            }
        }
        return seconds(since: start)
    }

    /// Decodes `root` cold to `transform` (default 28x28 Omniglot settings, no rotations), writes
    /// the cache to `cacheDirectory` (a scratch folder; its file is removed afterwards), loads it
    /// back warm, and samples `episodes` 5-way 1-shot 15-query episodes in batches of 32.
    /// Each timing is the best of `repeats` runs. Throws `DatasetError` for an unusable tree.
    public static func run(
        root: String, cacheDirectory: String,
        transform: ImageTransform = ImageTransform(imageSize: 28, invert: true),
        episodes: Int = 4000, repeats: Int = 3
    ) throws(DatasetError) -> DataBenchmarkResult {
        let index = try DatasetIndex(root: root)
        var decodeSeconds = Double.infinity
        var dataset: ImageDataset?
        for _ in 0..<max(1, repeats) {
            let start = DispatchTime.now()
            let loaded = try ImageDataset.load(index: index, transform: transform, options: .uncached)
            decodeSeconds = min(decodeSeconds, seconds(since: start))
            dataset = loaded
        }
        let cache = ImageCache(directory: cacheDirectory)
        let options = LoadOptions(cache: cache)
        _ = try ImageDataset.load(index: index, transform: transform, options: options)  // writes the cache
        var cacheSeconds = Double.infinity
        for _ in 0..<max(1, repeats) {
            let start = DispatchTime.now()
            let loaded = try ImageDataset.load(index: index, transform: transform, options: options)
            cacheSeconds = min(cacheSeconds, seconds(since: start))
            guard case .hit = loaded.cacheStatus else {
                cacheSeconds = .nan
                break
            }
        }
        if case .hit(let path)? = try? ImageDataset.load(index: index, transform: transform, options: options)
            .cacheStatus
        {
            try? FileManager.default.removeItem(atPath: path)
        }
        let rate = try episodesPerSecond(classes: dataset!.allClasses, episodes: episodes)
        return DataBenchmarkResult(
            images: dataset!.imageCount,
            decodeImagesPerSecond: Double(dataset!.imageCount) / decodeSeconds,
            decodeSeconds: decodeSeconds, cacheLoadSeconds: cacheSeconds,
            cacheSpeedup: decodeSeconds / cacheSeconds, episodesPerSecond: rate)
    }

    /// 5-way 1-shot 15-query episodes per second drawn from `classes` into meta-batches of
    /// `batchSize` on the calling thread.
    public static func episodesPerSecond(
        classes: [ImageClass], episodes: Int = 4000, batchSize: Int = 32,
        ways: Int = 5, shots: Int = 1, queries: Int = 15
    ) throws(DatasetError) -> Double {
        let sampler = try EpisodeSampler(classes: classes, ways: ways, shots: shots, queries: queries, seed: 1)
        let start = DispatchTime.now()
        var drawn = 0
        var checksum: Float = 0
        while drawn < episodes {
            let batch = sampler.batch(start: drawn, count: batchSize, parallel: false)
            checksum += batch.queryImages[0]
            drawn += batchSize
        }
        let elapsed = seconds(since: start)
        return checksum.isNaN ? 0 : Double(drawn) / elapsed
    }

    /// The colour augmentations of the augmented-episodes figure: torchvision's defaults for the
    /// random resized crop, a flip half the time, and colour jitter of 0.4 on every property.
    public static let colorAugmentation = ImageAugmentation(
        crop: RandomResizedCrop(scale: 0.08...1, ratio: 0.75...(4.0 / 3)), horizontalFlipProbability: 0.5,
        colorJitter: ColorJitter(brightness: 0.4, contrast: 0.4, saturation: 0.4))

    /// Augmented 5-way 5-shot 15-query episodes of `size`×`size` RGB images per second, drawn with
    /// `augmentation` into meta-batches of `batchSize` on the calling thread (as
    /// `EpisodePrefetcher` draws them), from 10 in-memory classes of 20 random images: the best
    /// of `repeats` runs of `episodes` episodes.
    public static func augmentedEpisodesPerSecond(
        augmentation: ImageAugmentation = colorAugmentation, size: Int = 84,
        episodes: Int = 64, batchSize: Int = 4, repeats: Int = 3
    ) -> Double {
        let (ways, shots, queries) = (5, 5, 15)
        var generator = SeededGenerator(seed: 1)
        let classes = (0..<10).map { c in
            ImageClass(
                name: "class\(c)", images: (0..<(20 * 3 * size * size)).map { _ in generator.nextUnitFloat() },
                channels: 3, size: size)
        }
        let sampler = try! EpisodeSampler(
            classes: classes, ways: ways, shots: shots, queries: queries, seed: 1,
            augmentation: augmentation)
        var best = Double.infinity
        var checksum: Float = 0
        for _ in 0..<max(1, repeats) {
            let start = DispatchTime.now()
            var drawn = 0
            while drawn < episodes {
                checksum += sampler.batch(start: drawn, count: batchSize, parallel: false).queryImages[0]
                drawn += batchSize
            }
            best = min(best, seconds(since: start) / Double(drawn))
        }
        return checksum.isNaN ? 0 : 1 / best
    }

    private static func seconds(since start: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }
}
