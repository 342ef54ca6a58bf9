// The end-to-end tests run one at a time. Each starts real servers, browsers and load generators and measures what
// receivers decode (gaps, loss, recovery times): on the two cores of a CI machine, a heavy test beside another made
// the other's figures about the neighbour rather than about the code (a 545 ms decode gap, 7 % loss at the load tool).
[assembly: CollectionBehavior(DisableTestParallelization = true)]
