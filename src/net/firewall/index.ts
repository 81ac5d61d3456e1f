// nftables for no_accept / strict instances: the ruleset text keepalived's tables amount to, and the nft runner.
export * from './nft-script';
export { ProcessNftRunner } from './nft-runner';
export type { NftRunner } from './nft-runner';
export { FakeNftRunner } from './fake-nft-runner';
