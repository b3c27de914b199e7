/**
 * Datasets and data loading (torch.utils.data), exported as the `data` namespace.
 * @packageDocumentation
 */
export { type Collated, defaultCollate } from './collate';
export { DataLoader, type DataLoaderOptions } from './dataloader';
export { type Dataset, Subset, TensorDataset } from './dataset';
export { randomSplit } from './random-split';
