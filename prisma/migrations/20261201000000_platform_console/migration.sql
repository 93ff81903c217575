-- AlterEnum
ALTER TYPE "Platform" ADD VALUE 'CONSOLE';
