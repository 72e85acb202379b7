/** The learn part of the contract: the guided walkthroughs' small projects, written under the Berth home and built with the real build flow. */
import { z } from 'zod';
import { call, type MethodDef } from '../contract/types.js';

/** The walkthroughs that have a project on disk. */
export const LEARN_PROJECTS = ['layers', 'cache', 'stages', 'shell'] as const;
export type LearnProject = (typeof LEARN_PROJECTS)[number];

/** One image a walkthrough builds: which Dockerfile, its text, and the tag to give it. */
export interface LearnImage {
  /** The Dockerfile's path on this computer. */
  readonly dockerfile: string;
  readonly dockerfileText: string;
  readonly tag: string;
}

/** A walkthrough's project, as written: its context folder, the files in it, and the images it builds (one, or two to compare). */
export interface LearnProjectInfo {
  readonly project: LearnProject;
  /** The build context folder, under the Berth home. */
  readonly context: string;
  /** The files written, relative to the context. */
  readonly files: readonly string[];
  readonly images: readonly LearnImage[];
}

/** One file changed in a walkthrough's project. */
export interface LearnChange {
  readonly context: string;
  /** The changed file, relative to the context. */
  readonly file: string;
  readonly before: string;
  readonly after: string;
}

/** The container the shell walkthrough runs, as the engine made it. */
export interface LearnContainer {
  readonly id: string;
  readonly name: string;
  readonly image: string;
}

const projectSchema = z.object({ project: z.enum(LEARN_PROJECTS) }).strict();

export const learnContract = {
  /** Write a walkthrough's project (a Dockerfile on Berth's own busybox helper image, and a few small files) afresh, and make sure the helper image exists. */
  'learn.prepare': call<LearnProjectInfo>()(projectSchema),
  /** The project as it is on disk (written by an earlier `learn.prepare`, perhaps before a reload), without writing anything. */
  'learn.project': call<LearnProjectInfo>()(projectSchema),
  /** Run the shell walkthrough's container afresh from its image (one left from an earlier run goes first). */
  'learn.run': call<LearnContainer>()(z.object({ project: z.literal('shell') }).strict()),
  /** Change the one file the cache walkthrough edits (its message), so a rebuild reuses the steps before it. */
  'learn.change': call<LearnChange>()(z.object({ project: z.literal('cache') }).strict()),
} as const satisfies Record<string, MethodDef>;
