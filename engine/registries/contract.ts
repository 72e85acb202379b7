/** The registries' part of the contract: logins, catalogs and tags, and the data key that seals the logins. */
import { z } from 'zod';
import { call, none, type MethodDef } from '../contract/types.js';

/** A registry Berth knows of: logged in, or named by a local image, or Docker Hub. Never carries a secret. */
export interface RegistrySummary {
  /** Normalised host[:port]; Docker Hub is `docker.io`. */
  readonly server: string;
  /** The stored login's user name. */
  readonly username?: string;
  readonly loggedIn: boolean;
  /** Local image names that point at this registry. */
  readonly localImages: number;
}

/** The repositories a registry lists (`GET /v2/_catalog`), up to a cap. */
export interface RegistryCatalog {
  readonly server: string;
  readonly repositories: readonly string[];
  /** True when the registry has more than Berth read (see `note`). */
  readonly truncated: boolean;
  readonly note?: string;
}

/** The tags of one repository (`GET /v2/<name>/tags/list`). */
export interface RepositoryTags {
  readonly server: string;
  readonly repository: string;
  readonly tags: readonly string[];
}

/** A registry address (host[:port], a URL is accepted); normalised in the engine. */
export const registryServerSchema = z.string().min(1, 'Give the registry address.').max(300);
/** A repository path inside a registry, e.g. team/app. */
export const repositoryNameSchema = z
  .string()
  .min(1)
  .max(255)
  .regex(
    /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/,
    'A repository name is lower-case parts (a-z, 0-9, . _ -) separated by /.',
  );

export const registriesContract = {
  /** Registries with stored logins, those local images name, and Docker Hub; never a secret. */
  'registries.list': call<RegistrySummary[]>()(none),
  /** Check a login with the engine and store it sealed; a refused login stores nothing. The secret is never logged or sent back. */
  'registries.login': call<RegistrySummary>()(
    z
      .object({
        server: registryServerSchema,
        username: z
          .string()
          .min(1, 'Give the user name.')
          .max(256)
          .regex(/^[^\s:]+$/, 'A user name has no spaces or colons.'),
        secret: z.string().min(1, 'Give the password or token.').max(4096, 'A password or token has at most 4096 characters.'),
      })
      .strict(),
  ),
  'registries.logout': call<void>()(z.object({ server: registryServerSchema }).strict()),
  /** Repository names (`GET /v2/_catalog`), up to 10,000. */
  'registries.catalog': call<RegistryCatalog>()(z.object({ server: registryServerSchema }).strict()),
  'registries.tags': call<RepositoryTags>()(z.object({ server: registryServerSchema, repository: repositoryNameSchema }).strict()),
  /**
   * Internal, from the Electron main process only: the 32-byte data key that seals the
   * registry logins, unwrapped from the system keychain (base64). Never logged or sent back.
   */
  'secrets.provideKey': call<void>()(z.object({ key: z.string().regex(/^[A-Za-z0-9+/]{43}=$/, 'A data key is 32 bytes in base64.') }).strict()),
  /** Internal, from the Electron main process only: a sentence saying why the system keychain cannot be used (logged once). */
  'secrets.keychainUnavailable': call<void>()(z.object({ reason: z.string().min(1).max(1000) }).strict()),
} as const satisfies Record<string, MethodDef>;
