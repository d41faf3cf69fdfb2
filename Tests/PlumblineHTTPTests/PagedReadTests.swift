import PlumblineHTTP
import PlumblineTestSupport
import Synchronization
import Testing

@Suite("Paged reads ask ahead", .tags(.small))
struct PagedReadTests {
    /// Pages 1…3 of a list; each answer names its page, and its items are the page's number.
    final class Pages: Sendable {
        let fetched = Mutex<[Int]>([])

        func fetch(_ page: Int) async throws -> Int {
            fetched.withLock { $0.append(page) }
            return page
        }
    }

    @Test func aRightGuessIsTheOnlyRequestForThePage() async throws {
        let pages = Pages()
        var read: [Int] = []
        try await PagedRead.walk(from: 1, fetch: pages.fetch) { page in
            page < 3 ? page + 1 : nil
        } read: { page in
            read.append(page)
            return page < 3 ? page + 1 : nil
        }
        #expect(read == [1, 2, 3])
        #expect(pages.fetched.withLock { $0 } == [1, 2, 3])
    }

    @Test func aWrongGuessIsDroppedAndThePageReadSaysWhereToGo() async throws {
        let pages = Pages()
        var read: [Int] = []
        try await PagedRead.walk(from: 1, fetch: pages.fetch) { page in
            page == 1 ? 99 : nil  // a glance that misleads once, then finds nothing
        } read: { page in
            read.append(page)
            return page < 3 ? page + 1 : nil
        }
        #expect(read == [1, 2, 3], "the misleading guess never reaches what is read")
        #expect(pages.fetched.withLock { $0 }.filter { $0 != 99 } == [1, 2, 3])
        #expect(pages.fetched.withLock { $0 }.count <= 4, "at most the one wasted request")
    }

    @Test func aFailedReadStopsTheWalk() async throws {
        struct Broken: Error {}
        let pages = Pages()
        await #expect(throws: Broken.self) {
            try await PagedRead.walk(from: 1, fetch: pages.fetch) { $0 + 1 } read: { page in
                if page == 2 { throw Broken() }
                return page + 1
            }
        }
        #expect(pages.fetched.withLock { $0 }.allSatisfy { $0 <= 3 })
    }

    /// A server whose `next` link goes round (page 3 names page 2 again) must not hold the read forever.
    @Test func aNextPageAlreadyReadStopsTheReadWithAnError() async throws {
        let pages = Pages()
        await #expect(throws: PagedRead.RepeatedPage<Int>.self) {
            try await PagedRead.walk(from: 1, fetch: pages.fetch) { page in page == 3 ? 2 : page + 1 } read: { page in
                page == 3 ? 2 : page + 1
            }
        }
        #expect(pages.fetched.withLock { $0 } == [1, 2, 3], "the page already read is not asked for again")
    }
}
